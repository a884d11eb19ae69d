-- wrk: POST /v1/match/hashes with batches of BATCH (default 1000) random PDQ hashes; 16 bodies pre-generated per thread.
local requests = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "requests.lua")
local size = tonumber(os.getenv("BATCH") or "1000")
local bodies = {}
local next_request

function init(args)
  requests.seed()
  for i = 1, 16 do
    local hashes = {}
    for j = 1, size do hashes[j] = requests.hex(64) end
    bodies[i] = requests.match_hashes(hashes)
  end
  next_request = requests.cycle(bodies)
end

function request()
  return next_request()
end

response = requests.response
