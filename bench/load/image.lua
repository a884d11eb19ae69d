-- wrk: POST the image IMAGE (a file) as the raw body of ROUTE (default /v1/match/image), content type TYPE.
local key = os.getenv("HM_KEY")
local route = os.getenv("ROUTE") or "/v1/match/image"
local f = assert(io.open(os.getenv("IMAGE"), "rb"))
local body = f:read("*a")
f:close()
local req

function init(args)
  req = wrk.format("POST", route, {["X-API-Key"] = key, ["Content-Type"] = os.getenv("TYPE") or "image/jpeg"}, body)
end

function request()
  return req
end

function response(status, headers, body)
  if status ~= 200 then
    print("unexpected status " .. status .. ": " .. body:sub(1, 300))
    wrk.thread:stop()
  end
end
