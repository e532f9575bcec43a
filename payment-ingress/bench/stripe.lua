-- wrk script: cycles through pre-signed Stripe deliveries (see BenchRequests.java for why they are pre-signed).
--   BENCH_DATA    the generated Lua table of bodies and signatures
--   BENCH_RATE    requests per second over all threads; 0 (default) = closed loop, every connection as fast as it can
--   BENCH_THREADS wrk's -t, so each thread paces its share of the rate
--
-- Paced mode stands in for wrk2, which Debian does not package. Each thread hands out send slots on a fixed
-- schedule (LuaJIT's FFI reads CLOCK_MONOTONIC; wrk's delay() hook holds a connection until its slot). The schedule
-- never slips: a slot claimed late is sent at once, and counted. wrk times a request from when it is sent, so when
-- sends are late because every connection was busy (coordinated omission) its latency figures are too kind; the
-- RESULT line therefore reports how many sends were late by more than 1 ms and the worst lag. Zero late sends means
-- the requested rate was offered on time and the percentiles are honest.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

dofile(os.getenv("BENCH_DATA"))
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
local counter = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 997)
  table.insert(threads, thread)
end

function init(args)
  counter = offset or 0
  interval_ms = rate > 0 and (1000 * thread_count / rate) or 0
  next_slot = nil
  late = 0
  max_lag_ms = 0
end

function delay()
  if interval_ms == 0 then
    return 0
  end
  local now = now_ms()
  if next_slot == nil then
    next_slot = now
  end
  local slot = next_slot
  next_slot = next_slot + interval_ms
  local wait = slot - now
  if wait < -1 then
    late = late + 1
    if -wait > max_lag_ms then
      max_lag_ms = -wait
    end
  end
  return wait > 0 and math.floor(wait) or 0
end

function request()
  counter = counter + 1
  local k = (counter % #bodies) + 1
  return wrk.format("POST", "/webhooks/stripe",
    {["Content-Type"] = "application/json", ["Stripe-Signature"] = sigs[k]}, bodies[k])
end

function done(summary, latency, requests)
  local late_sends, worst_lag = 0, 0
  for _, thread in ipairs(threads) do
    late_sends = late_sends + (thread:get("late") or 0)
    worst_lag = math.max(worst_lag, thread:get("max_lag_ms") or 0)
  end
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f"
    .. " non2xx=%d socket_errors=%d late_sends=%d worst_lag_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    late_sends, worst_lag))
end
