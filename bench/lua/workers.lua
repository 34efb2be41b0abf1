-- wrk script for the warm-up: count which gunicorn worker answered each request
-- (the X-Bench-Worker header of bench/middleware.py) and print them when done.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  seen = {}
end

function response(status, headers, body)
  local worker = headers["X-Bench-Worker"] or "?"
  seen[worker] = (seen[worker] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for worker, count in pairs(thread:get("seen")) do
      io.write(string.format("worker %s %d\n", worker, count))
    end
  end
end
