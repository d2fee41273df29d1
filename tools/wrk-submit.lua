-- wrk script for tools/bench-server.sh: N concurrent submitters, each POSTing pre-signed statements
-- (one JSON line of FILE each, never the same one twice) to URL/statements and waiting for the receipt
-- before sending its next, for wrk's duration.
--
--   wrk -t N -c N -d 5s --timeout 30s -s tools/wrk-submit.lua URL -- FILE RECEIPTS_PREFIX N
--
-- One connection per wrk thread (-t N -c N), so each thread is one submitter with one request in flight
-- and stops as soon as its share of FILE is used up: every request is a submission (no filler request
-- pads the latency figures). Each thread writes `seq hash` of every receipt it got to
-- RECEIPTS_PREFIX-<thread>.txt, for the check that every acknowledged submission is in the log. The
-- summary line is printed by done(): accepted and refused counts, whether any submitter ran out of
-- statements before the duration ended (the rate would then be understated), and latency percentiles.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   local file, prefix, submitters = args[1], args[2], tonumber(args[3])
   bodies = {}
   local i = 0
   for line in io.lines(file) do
      if i % submitters == id then bodies[#bodies + 1] = line end
      i = i + 1
   end
   nextBody = 1
   accepted = 0
   refused = 0
   ranOut = 0
   firstRefusal = ""
   receipts = io.open(prefix .. "-" .. id .. ".txt", "w")
   -- Line-buffered: a thread still running when the duration ends is not closed, so nothing may wait in a buffer.
   receipts:setvbuf("line")
   -- The path of URL (a served ledger's prefix, or "/") plus "statements".
   local base = wrk.path
   if base:sub(-1) ~= "/" then base = base .. "/" end
   path = base .. "statements"
   headers = { ["Content-Type"] = "application/json" }
end

function request()
   local body = bodies[nextBody]
   nextBody = nextBody + 1
   return wrk.format("POST", path, headers, body)
end

function response(status, _, body)
   if status == 200 then
      local seq, hash = body:match('"seq":(%d+)'), body:match('"hash":"(%x+)"')
      if seq and hash then
         accepted = accepted + 1
         receipts:write(seq, " ", hash, "\n")
      else
         refused = refused + 1
         if firstRefusal == "" then firstRefusal = "200 without a receipt: " .. body:sub(1, 200) end
      end
   else
      refused = refused + 1
      if firstRefusal == "" then firstRefusal = status .. " " .. body:sub(1, 200) end
   end
   if nextBody > #bodies then
      ranOut = 1
      receipts:flush()
      wrk.thread:stop()
   end
end

function done(summary, latency, _)
   local a, r, out, refusal = 0, 0, 0, ""
   for _, thread in ipairs(threads) do
      a = a + thread:get("accepted")
      r = r + thread:get("refused")
      out = out + thread:get("ranOut")
      if refusal == "" then refusal = thread:get("firstRefusal") end
   end
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "submitters %3d: %6d accepted, %d refused in %.1f s = %.0f accepted/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
      #threads, a, r, seconds, a / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
   if out > 0 then
      io.write(string.format("  WARNING: %d of %d submitters ran out of statements before the end: the rate is understated\n", out, #threads))
   end
   if refusal ~= "" then io.write("  refused: ", refusal, "\n") end
end
