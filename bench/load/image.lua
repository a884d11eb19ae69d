-- wrk: POST the image IMAGE (a file) as the raw body of ROUTE (default /v1/match/image), content type TYPE.
local requests = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "requests.lua")
local f = assert(io.open(os.getenv("IMAGE"), "rb"))
local body = f:read("*a")
f:close()
local req

function init(args)
  req = requests.post(os.getenv("ROUTE") or "/v1/match/image", os.getenv("TYPE") or "image/jpeg", body)
end

function request()
  return req
end

response = requests.response
