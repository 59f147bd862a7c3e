-- wrk script: rotate through the request paths listed (one per line) in the file given after `--`,
-- each thread starting at a different offset, and print a JSON summary with latency percentiles.
-- Usage: wrk -s bench/rotate.lua http://127.0.0.1:8105 -- /tmp/paths.txt

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. args[1]) end
  counter = (id * 7919) % #paths + 1
  headers = { ["Accept-Language"] = "en", ["User-Agent"] = "comeback-bench" }
end

function request()
  local path = paths[counter]
  counter = counter % #paths + 1
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "mean_us": %.1f, "p50_us": %d, ' ..
    '"p90_us": %d, "p99_us": %d, "max_us": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency.mean, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
  -- The whole latency histogram (microseconds:count), so several rounds can be merged exactly.
  local parts = {}
  for i = 1, #latency do
    local value, count = latency(i)
    parts[#parts + 1] = value .. ":" .. count
  end
  io.write("BENCH_HIST " .. table.concat(parts, ",") .. "\n")
end
