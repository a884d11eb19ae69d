-- wrk: single-hash lookups, one random PDQ hash per request (pre-generated per thread, so wrk spends no CPU on it).
-- MODE=hma: GET /m/lookup?signal_type=pdq&signal=HEX (HMA's route); MODE=v1: POST /v1/match/hashes with one PDQ hash;
-- MODE=md5: POST /v1/match/hashes with one MD5 (an exact lookup: what the framework costs around a cheap search).
-- Random hashes are misses at distance 31 against the synthetic list: they measure the full search, not a shortcut.
local requests = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "requests.lua")
local mode = os.getenv("MODE") or "hma"
local list = {}
local next_request

function init(args)
  requests.seed()
  for i = 1, 4096 do
    if mode == "md5" then
      list[i] = requests.match_hashes({requests.hex(32)})
    elseif mode == "v1" then
      list[i] = requests.match_hashes({requests.hex(64)})
    else
      list[i] = requests.hma_lookup(requests.hex(64))
    end
  end
  next_request = requests.cycle(list)
end

function request()
  return next_request()
end

response = requests.response
