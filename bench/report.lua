-- wrk reporter: one JSON line with the numbers the benchmark keeps.
-- Optional: POST_BODY_TEMPLATE (with {uuid}) turns requests into unique POSTs.
local template = os.getenv("POST_BODY_TEMPLATE")
local csrf = os.getenv("CSRF_TOKEN")
local counter = 0

local function uuid()
  counter = counter + 1
  return string.format("%08x-%04x-4%03x-a%03x-%012x",
    math.random(0, 0xffffffff), math.random(0, 0xffff), math.random(0, 0xfff),
    math.random(0, 0xfff), counter * 65536 + math.random(0, 0xffff))
end

function setup(thread)
  math.randomseed(os.time() + tonumber(tostring(thread):match("0x(%x+)") or "0", 16) % 100000)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

if template then
  request = function()
    local body = template:gsub("{uuid}", uuid())
    -- wrk.format uses the table given instead of wrk.headers: copy -H ones in.
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["X-CSRFToken"] = csrf
    return wrk.format("POST", nil, headers, body)
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"non_2xx_3xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
