-- Shared by the benchmark scripts: load prepared requests, cycle through them, report as JSON.
-- BENCH_REQUESTS names a file written by benchmarks/run.py with one request per line:
--   METHOD <tab> PATH <tab> COOKIE (may be empty) <tab> BODY (may be empty, form-encoded)

local requests = {}
local next_index = 1

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    fields[#fields + 1] = field
  end
  return fields
end

function load_requests()
  local path = os.getenv("BENCH_REQUESTS")
  assert(path, "set BENCH_REQUESTS to the prepared request file")
  for line in io.lines(path) do
    local f = split(line)
    local headers = {["User-Agent"] = os.getenv("BENCH_USER_AGENT") or "ats-bench"}
    if f[3] ~= nil and f[3] ~= "" then
      headers["Cookie"] = f[3]
    end
    local body = nil
    if f[4] ~= nil and f[4] ~= "" then
      body = f[4]
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    end
    requests[#requests + 1] = wrk.format(f[1], f[2], headers, body)
  end
  assert(#requests > 0, "no requests in " .. path)
end

function next_request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end

function report(summary, latency)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
