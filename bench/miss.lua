-- wrk script for cache misses: every request a different path, read from the file named by the first argument (one
-- path a line). Each thread takes every n-th path, so no two requests ask for the same one; if the list runs out,
-- it is walked again with "miss=<round>" added to each path, which still makes a new address. Prints the same line as
-- report.lua. Sent with "Accept-Encoding: gzip", as browsers do.
local threads = {}
local counter = 0

setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local paths, count, step, index = {}, 0, 1, 0

init = function(args)
  for line in io.lines(args[1]) do
    count = count + 1
    paths[count] = line
  end
  step = tonumber(args[2])
  index = id
  wrk.headers["Accept-Encoding"] = "gzip"
end

request = function()
  local path = paths[(index % count) + 1]
  local round = math.floor(index / count)
  index = index + step
  if round > 0 then
    path = path .. (string.find(path, "?", 1, true) and "&" or "?") .. "miss=" .. round
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d, "p50": %d, "p95": %d, "p99": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
