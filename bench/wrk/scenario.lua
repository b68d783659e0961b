-- make bench's wrk script: one scenario of single requests, driven by environment variables (scripts/bench sets them).
--
--   BENCH_SCENARIO   name written into the result line
--   BENCH_METHOD     GET (default) or POST; a POST sends BENCH_BODY as a form
--   BENCH_BODY       the form body; "{value}" in it is replaced, request by request, by the next line of BENCH_VALUES
--   BENCH_AUTH       Authorization header value (optional)
--   BENCH_VALUES     file of values, one a line (wx.login() codes, refresh tokens), dealt out to wrk's threads
--   BENCH_THREADS    wrk's -t, so that each thread takes its own share of BENCH_VALUES
--   BENCH_ROTATE     JSON field of each 2xx reply whose value goes back into the thread's queue (refresh rotation)
--
-- Any non-2xx answer or socket error is an error; done() prints one JSON line, the same shape as the Java driver's,
-- and makes wrk exit with status 1 if there was any error.
local body = os.getenv("BENCH_BODY")
local rotate = os.getenv("BENCH_ROTATE")
local values_file = os.getenv("BENCH_VALUES")
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")

wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.headers["Accept"] = "application/json"
if body then
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.body = body
end
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end

local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

-- per thread (each thread runs its own copy of this script)
errors = 0
first_error = ""
local queue, head, tail = nil, 1, 0

function init(args)
  if not values_file then return end
  queue = {}
  local line_number = 0
  for line in io.lines(values_file) do
    if line ~= "" then
      if line_number % thread_count == thread_index then
        tail = tail + 1
        queue[tail] = line
      end
      line_number = line_number + 1
    end
  end
end

local function fail(message)
  errors = errors + 1
  if first_error == "" then first_error = message end
end

if values_file then
  function request()
    local value = queue[head]
    if value == nil then
      fail("ran out of values from " .. values_file)
      value = "exhausted"
    else
      queue[head] = nil
      head = head + 1
    end
    return wrk.format(nil, nil, nil, (body:gsub("{value}", function() return value end)))
  end
end

function response(status, headers, reply)
  if status < 200 or status > 299 then
    fail(status .. " " .. string.sub(reply or "", 1, 200))
  elseif rotate then
    local value = string.match(reply, '"' .. rotate .. '"%s*:%s*"([^"]+)"')
    if value then
      tail = tail + 1
      queue[tail] = value
    else
      fail("no " .. rotate .. " in " .. string.sub(reply, 1, 200))
    end
  end
end

local function json_string(text)
  return '"' .. text:gsub('[%c"\\]', function(c)
    if c == '"' or c == "\\" then return "\\" .. c end
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

function done(summary, latency, requests)
  local bad, first = 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("errors") or 0)
    local message = thread:get("first_error") or ""
    if first == "" then first = message end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  if first == "" and socket_errors > 0 then first = socket_errors .. " socket errors" end
  local seconds = summary.duration / 1e6
  io.write(string.format('{"scenario":%s,"load":"wrk","concurrency":%d,"seconds":%.2f,"operations":%d,'
      .. '"errors":%d,"throughput":%.1f,"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"first_error":%s}\n',
    json_string(os.getenv("BENCH_SCENARIO") or "wrk"), tonumber(os.getenv("BENCH_CONNECTIONS") or "0"), seconds,
    summary.requests, bad + socket_errors, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, first == "" and "null" or json_string(first)))
  io.flush()
  if bad + socket_errors > 0 then os.exit(1) end
end
