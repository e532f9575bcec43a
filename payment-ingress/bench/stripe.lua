-- wrk script: cycles through pre-signed Stripe deliveries (see BenchRequests.java for why they are pre-signed).
-- BENCH_DATA = the generated Lua table; BENCH_DELAY_MS = pause per connection between requests (0 = closed loop,
-- as fast as possible; > 0 approximates a fixed rate of connections * 1000 / (delay + latency) req/s).
dofile(os.getenv("BENCH_DATA"))
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local counter = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 997)
  table.insert(threads, thread)
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  local k = (counter % #bodies) + 1
  return wrk.format("POST", "/webhooks/stripe",
    {["Content-Type"] = "application/json", ["Stripe-Signature"] = sigs[k]}, bodies[k])
end

function delay()
  return delay_ms
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
