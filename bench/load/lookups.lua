-- wrk: single PDQ lookups, one query hash of the file QUERIES per request (one 64-hex hash a line, written seeded by
-- LookupLoop: a share near listed entries, the rest random), in file order, each wrk thread from its own offset;
-- requests are formatted in init() so that wrk spends no CPU building them.
-- MODE=v1 (default): POST /v1/match/hashes {"hashes":[HASH]}; MODE=hma: GET /m/lookup?signal_type=pdq&signal=HASH.
local mode = os.getenv("MODE") or "v1"
local key = os.getenv("HM_KEY")
local file = os.getenv("QUERIES")
local threads = 0
local requests = {}
local counter = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  local hashes = {}
  for line in io.lines(file) do
    if #line > 0 then hashes[#hashes + 1] = line end
  end
  for i, h in ipairs(hashes) do
    if mode == "hma" then
      requests[i] = wrk.format("GET", "/m/lookup?signal_type=pdq&signal=" .. h, {["X-API-Key"] = key})
    else
      requests[i] = wrk.format("POST", "/v1/match/hashes",
        {["X-API-Key"] = key, ["Content-Type"] = "application/json"}, '{"hashes":["' .. h .. '"]}')
    end
  end
  counter = ((id or 0) * 7919) % #requests
end

function request()
  counter = counter % #requests + 1
  return requests[counter]
end

function response(status, headers, body)
  if status ~= 200 then
    print("unexpected status " .. status .. ": " .. body)
    wrk.thread:stop()
  end
end
