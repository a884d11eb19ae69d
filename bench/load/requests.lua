-- What the wrk scripts in this folder share: the service's requests (formatted once, so that wrk spends no CPU on
-- them while it measures), replaying them in a cycle, and the status check. Each script loads it with
--   local requests = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "requests.lua")
-- wrk runs a script once per thread, each in its own Lua state: nothing here is shared between threads.
local M = {}

local key = os.getenv("HM_KEY")

-- Seeds math.random differently in each wrk thread (a new table's address differs between Lua states).
function M.seed()
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

-- DIGITS random lowercase hex digits (a multiple of 4): 64 for a PDQ hash, 32 for an MD5.
function M.hex(digits)
  local t = {}
  for i = 1, digits / 4 do t[i] = string.format("%04x", math.random(0, 65535)) end
  return table.concat(t)
end

-- POST /v1/match/hashes with HASHES (a list of hex strings) as its JSON body.
function M.match_hashes(hashes)
  local quoted = {}
  for i, h in ipairs(hashes) do quoted[i] = '"' .. h .. '"' end
  return wrk.format("POST", "/v1/match/hashes", {["X-API-Key"] = key, ["Content-Type"] = "application/json"},
    '{"hashes":[' .. table.concat(quoted, ",") .. ']}')
end

-- GET /m/lookup for one PDQ hash (HMA's route).
function M.hma_lookup(hash)
  return wrk.format("GET", "/m/lookup?signal_type=pdq&signal=" .. hash, {["X-API-Key"] = key})
end

-- POST BODY to ROUTE with content type TYPE.
function M.post(route, type, body)
  return wrk.format("POST", route, {["X-API-Key"] = key, ["Content-Type"] = type}, body)
end

-- A function for wrk's request(): the formatted requests of LIST in turn, after position START (default 0), around
-- and around.
function M.cycle(list, start)
  local i = start or 0
  return function()
    i = i % #list + 1
    return list[i]
  end
end

-- wrk's response(): any status but 200 prints the status and the start of the body and stops the thread.
function M.response(status, headers, body)
  if status ~= 200 then
    print("unexpected status " .. status .. ": " .. body:sub(1, 300))
    wrk.thread:stop()
  end
end

return M
