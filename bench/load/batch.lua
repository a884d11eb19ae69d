-- wrk: POST /v1/match/hashes with batches of BATCH (default 1000) random PDQ hashes; 16 bodies pre-generated per thread.
local key = os.getenv("HM_KEY")
local size = tonumber(os.getenv("BATCH") or "1000")
local requests = {}
local n = 16
local counter = 0

local function hex64()
  local t = {}
  for i = 1, 16 do t[i] = string.format("%04x", math.random(0, 65535)) end
  return table.concat(t)
end

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
  for i = 1, n do
    local hashes = {}
    for j = 1, size do hashes[j] = '"' .. hex64() .. '"' end
    requests[i] = wrk.format("POST", "/v1/match/hashes", {["X-API-Key"] = key, ["Content-Type"] = "application/json"},
      '{"hashes":[' .. table.concat(hashes, ",") .. ']}')
  end
end

function request()
  counter = counter % n + 1
  return requests[counter]
end

function response(status, headers, body)
  if status ~= 200 then
    print("unexpected status " .. status .. ": " .. body:sub(1, 300))
    wrk.thread:stop()
  end
end
