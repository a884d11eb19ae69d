-- wrk: single PDQ lookups, one query hash of the file QUERIES per request (one 64-hex hash a line, written seeded by
-- LookupLoop: a share near listed entries, the rest random), in file order, each wrk thread from its own offset;
-- requests are formatted in init() so that wrk spends no CPU building them.
-- MODE=v1 (default): POST /v1/match/hashes {"hashes":[HASH]}; MODE=hma: GET /m/lookup?signal_type=pdq&signal=HASH.
local requests = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "requests.lua")
local mode = os.getenv("MODE") or "v1"
local file = os.getenv("QUERIES")
local threads = 0
local list = {}
local next_request

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(file) do
    if #line > 0 then
      list[#list + 1] = mode == "hma" and requests.hma_lookup(line) or requests.match_hashes({line})
    end
  end
  next_request = requests.cycle(list, ((id or 0) * 7919) % #list)
end

function request()
  return next_request()
end

response = requests.response
