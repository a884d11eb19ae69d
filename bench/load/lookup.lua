-- wrk: single-hash lookups, one random PDQ hash per request (pre-generated per thread, so wrk spends no CPU on it).
-- MODE=hma: GET /m/lookup?signal_type=pdq&signal=HEX (HMA's route); MODE=v1: POST /v1/match/hashes with one PDQ hash;
-- MODE=md5: POST /v1/match/hashes with one MD5 (an exact lookup: what the framework costs around a cheap search).
-- Random hashes are misses at distance 31 against the synthetic list: they measure the full search, not a shortcut.
local mode = os.getenv("MODE") or "hma"
local key = os.getenv("HM_KEY")
local requests = {}
local n = 4096
local counter = 0

local function hex(digits)
  local t = {}
  for i = 1, digits / 4 do t[i] = string.format("%04x", math.random(0, 65535)) end
  return table.concat(t)
end

local function hex64()
  return hex(64)
end

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
  for i = 1, n do
    if mode == "md5" then
      requests[i] = wrk.format("POST", "/v1/match/hashes",
        {["X-API-Key"] = key, ["Content-Type"] = "application/json"}, '{"hashes":["' .. hex(32) .. '"]}')
    elseif mode == "v1" then
      requests[i] = wrk.format("POST", "/v1/match/hashes",
        {["X-API-Key"] = key, ["Content-Type"] = "application/json"}, '{"hashes":["' .. hex64() .. '"]}')
    else
      requests[i] = wrk.format("GET", "/m/lookup?signal_type=pdq&signal=" .. hex64(), {["X-API-Key"] = key})
    end
  end
end

function request()
  counter = counter % n + 1
  return requests[counter]
end

function response(status, headers, body)
  if status ~= 200 then
    print("unexpected status " .. status .. ": " .. body)
    wrk.thread:stop()
  end
end
