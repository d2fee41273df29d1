#!/usr/bin/env bash
# Load-tests a real `ledger-server` (release build) on loopback: sustained accepted submissions per
# second with 1, 8 and 64 concurrent submitters (one signed statement per request, each answered only
# after its record is synced), p50/p99 latency, the server's CPU time per record, the signature bound
# from `openssl speed` in the same run and the ratio to it, reads per second of a tile (TILE_PATH, a full
# level-0 hash tile by default), /head and the dashboard (wrk), the cost of a dashboard read right
# after a submission (the server folds only the new record into its projection), and afterwards that
# every acknowledged submission is in the log with the hash its receipt named, and the ledger verifies.
# Per level it also prints how many records shared each sync (the server's /metrics) and the floor under
# a record: the HTTP floor (below) + the signature work (check, seal, the seal's re-check) + the CPU of
# one fdatasync (measured here) over the records sharing it; what the server spends above that is its
# own (reading and parsing, staging, hand-offs between threads, the receipt).
#
#   tools/bench-server.sh                          Ed25519 and SM2, each level for DURATION seconds (wrk)
#   SUITES=ed25519-sha256 DURATION=5 tools/bench-server.sh     a quicker run
#   TILE_PATH=/tile/entries/000 tools/bench-server.sh    read another tile (path under the ledger's URL; empty skips)
#   LOAD=swift COUNT=2000 tools/bench-server.sh    the earlier load client (URLSession, COUNT submissions a level)
#
# Everything runs on 127.0.0.1. The load tool is wrk (LOAD=wrk, the default) with tools/wrk-submit.lua:
# one connection per submitter, each POSTing its next pre-signed statement once the previous one's
# receipt is back, for DURATION seconds; the rate is accepted submissions over those seconds. The
# statements are signed before the timed phase (COUNT a level, enough for the run), so the client's
# signing does not take the server's cores. The client's HTTP still shares the machine's cores with the
# server: wrk (C) takes a small share of them, where the URLSession client of LOAD=swift took so much
# that the server saw fewer submissions arrive together, made smaller rounds and spent more a record.
# The HTTP floor, a request that does no work (a malformed statement, 400) is measured too.
set -euo pipefail
cd "$(dirname "$0")/.."
LOAD=${LOAD:-wrk}
# Statements signed a level. With wrk they must outlast DURATION at the rate reached (the script warns
# when a submitter runs out): by default 40,000 for Ed25519 and 15,000 for SM2; 2,000 with LOAD=swift.
COUNT=${COUNT:-}
LEVELS=${LEVELS:-"1 8 64"}
SUITES=${SUITES:-"ed25519-sha256 sm2-sm3"}
DURATION=${DURATION:-5}
# The tile read: the first full level-0 hash tile (the ledger starts at 1,000 records); empty skips it.
TILE_PATH=${TILE_PATH-/tile/0/000}
# Per checkout, so two worktrees benchmarking at once do not overwrite each other's ledgers.
OUT=${BENCH_DIR:-/tmp/ledger-bench-server-$(basename "$PWD")}
SCRATCH=${SCRATCH:-$PWD/.build-bench}
mkdir -p "$OUT"

swift build -c release --scratch-path "$SCRATCH" --product ledger-server >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product ledger >/dev/null
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
(cd tools/bench && swift build -c release --scratch-path "$SCRATCH-tools" >/dev/null)
BENCH=$(cd tools/bench && swift build -c release --scratch-path "$SCRATCH-tools" --show-bin-path)/ledger-bench

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(openssl version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shares the cores)"
if [ "$LOAD" = wrk ]; then
    echo "each level: wrk for ${DURATION} s, one connection per submitter, one pre-signed statement per POST, the next sent once the receipt is back; ledger starts at 1,000 records"
    echo "client and server share the machine: wrk's HTTP work takes the same $(nproc) cores (its statements are signed before the timed phase)"
else
    echo "each level: ${COUNT:-2000} submissions, one statement per POST, over loopback (URLSession client); ledger starts at 1,000 records"
    echo "client and server share the machine: the load generator's HTTP and JSON work takes the same $(nproc) cores; its statements are signed before the timed phase"
fi

# What a sync costs on this disk now: the floor under a lone submitter's latency, and the CPU one sync
# takes (the kernel's block layer and, on a VM, the exit to the host), which a round's records share.
SYNC_CPU_US=$(python3 - "$OUT" <<'PY'
import os, resource, sys, time
path = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
times = []
before = resource.getrusage(resource.RUSAGE_SELF)
for _ in range(500):
    os.write(fd, b"x" * 600)
    start = time.perf_counter(); os.fdatasync(fd); times.append(time.perf_counter() - start)
after = resource.getrusage(resource.RUSAGE_SELF)
os.close(fd); os.unlink(path)
times.sort()
cpu = ((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)) / len(times) * 1e6
print(f"{cpu:.0f}")
print(f"fdatasync of an appended 600-byte line on {sys.argv[1]}: p50 {times[250]*1e3:.2f} ms, p99 {times[495]*1e3:.2f} ms, {cpu:.0f} us of CPU each (500 syncs)", file=sys.stderr)
PY
)

# The signature bound, measured now: the server verifies one signature and makes one seal per record.
declare -A BOUND_US WORK_US
echo "== the signature bound (openssl speed, 1 core, this run) =="
for algorithm in ed25519 sm2; do
    line=$(openssl speed -seconds 2 "$algorithm" 2>/dev/null | grep -E "bits (EdDSA|SM2)" | tail -1 || true)
    [ -n "$line" ] || { echo "$algorithm: openssl speed gave nothing"; continue; }
    sign=$(echo "$line" | awk '{print $(NF-1)}')
    verify=$(echo "$line" | awk '{print $NF}')
    BOUND_US[$algorithm]=$(python3 -c "print(f'{1e6/$sign + 1e6/$verify:.1f}')")
    WORK_US[$algorithm]=$(python3 -c "print(f'{1e6/$sign + 2e6/$verify:.1f}')")
    python3 -c "
s, v = float('$sign'), float('$verify')
print(f'$algorithm: {s:.0f} sign/s, {v:.0f} verify/s; one check + one seal = {1e6/s+1e6/v:.0f} µs: {1/(1/s+1/v):.0f} records/s per core, {2/(1/s+1/v):.0f} on $(nproc) cores;'
      f' as the appender works (the seal it makes is checked too, before it is written) one seal + two checks = {1e6/s+2e6/v:.0f} µs')"
done

# CPU seconds (user + system) a process has used so far.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15) / hz}' "/proc/$1/stat"; }
# "records rounds" the server has appended so far (its /metrics, summed over the ledgers it serves).
appended_of() {
    curl -s "http://127.0.0.1:$1/metrics" | awk '/^ledger_server_records_appended_total/ {r += $2} /^ledger_server_append_rounds_total/ {n += $2} END {print r + 0, n + 0}'
}

server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
trap stop_server EXIT

for suite in $SUITES; do
    dir="$OUT/$suite"
    rm -rf "$dir"
    "$BENCH" generate "$dir" 1000 "$suite" >/dev/null
    "$BIN/ledger-server" -L "$dir" --operator-key "$dir/keys/OFFICE.key" --port 0 --log-level warning >"$OUT/server.out" 2>"$OUT/server.err" &
    server_pid=$!
    port=""
    for _ in $(seq 1 500); do
        port=$(grep -o '"port":[0-9]*' "$OUT/server.out" 2>/dev/null | cut -d: -f2 || true)
        [ -n "$port" ] && break
        sleep 0.02
    done
    [ -n "$port" ] || { cat "$OUT/server.err"; exit 1; }
    echo "== $suite =="
    : >"$OUT/receipts-$suite.txt"
    case $suite in ed25519*) algorithm=ed25519 ;; *) algorithm=sm2 ;; esac
    bound=${BOUND_US[$algorithm]:-}
    work=${WORK_US[$algorithm]:-}
    # Signed before the timed phase, every level's statements at once.
    count=${COUNT:-$([ "$LOAD" != wrk ] && echo 2000 || { [ "$algorithm" = ed25519 ] && echo 40000 || echo 15000; })}
    for level in $LEVELS; do "$BENCH" sign-load "$dir" "$count" "$OUT/load-$level.jsonl"; done
    "$BENCH" sign-load "$dir" 1 "$OUT/one.jsonl"
    # A dashboard read before the load, so the server holds a projection to extend afterwards.
    curl -s -o /dev/null "http://127.0.0.1:$port/"
    : >"$OUT/levels-$suite.txt"
    for level in $LEVELS; do
        appended_before=$(appended_of "$port")
        cpu_before=$(cpu_of "$server_pid")
        if [ "$LOAD" = wrk ]; then
            rm -f "$OUT/receipts-$suite-$level"-*.txt
            result=$(wrk -t"$level" -c"$level" -d"${DURATION}s" --timeout 30s -s tools/wrk-submit.lua "http://127.0.0.1:$port/" \
                -- "$OUT/load-$level.jsonl" "$OUT/receipts-$suite-$level" "$level" | sed -n '/^submitters/,$p')
            cat "$OUT/receipts-$suite-$level"-*.txt >"$OUT/receipts-$suite-$level.txt"
        else
            result=$("$BENCH" post "http://127.0.0.1:$port" "$OUT/load-$level.jsonl" "$level" "$OUT/receipts-$suite-$level.txt")
        fi
        cpu_after=$(cpu_of "$server_pid")
        appended_after=$(appended_of "$port")
        echo "$result"
        python3 - "$result" "$cpu_before" "$cpu_after" "$bound" "$work" "$appended_before" "$appended_after" "$level" "$OUT/levels-$suite.txt" <<'PY'
import re, sys
result, before, after, bound, work = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
rate = float(re.search(r"= (\d+) accepted/s", result).group(1))
accepted = int(re.search(r"(\d+) accepted,", result).group(1))
per = (after - before) / accepted * 1e6
line = f"    server CPU {per:.0f} µs per record"
if bound:
    b, w = float(bound), float(work)
    line += (f": {per / b:.1f}× the signature bound ({b:.0f} µs), {per / w:.1f}× the appender's signature work ({w:.0f} µs);"
             f" accepted/s is {1e6 / b / rate:.1f}× below the 1-core bound, {2e6 / b / rate:.1f}× below the 2-core bound")
print(line)
(records_before, rounds_before), (records_after, rounds_after) = [[int(x) for x in arg.split()] for arg in sys.argv[6:8]]
records, rounds = records_after - records_before, rounds_after - rounds_before
if rounds > 0:
    print(f"    {records} records in {rounds} rounds (the server's /metrics): {records / rounds:.1f} records share each sync")
    with open(sys.argv[9], "a") as levels:
        levels.write(f"{sys.argv[8]} {per:.1f} {records / rounds:.2f}\n")
PY
        cat "$OUT/receipts-$suite-$level.txt" >>"$OUT/receipts-$suite.txt"
    done
    # The HTTP floor: what the server spends on a request that does no work (a malformed statement, 400).
    if [ "$LOAD" = wrk ]; then
        printf 'wrk.method = "POST"\nwrk.body = "{}"\nwrk.headers["Content-Type"] = "application/json"\n' >"$OUT/malformed.lua"
        cpu_before=$(cpu_of "$server_pid")
        floor=$(wrk -t2 -c8 -d"${DURATION}s" -s "$OUT/malformed.lua" "http://127.0.0.1:$port/statements")
        cpu_after=$(cpu_of "$server_pid")
        python3 - "$floor" "$cpu_before" "$cpu_after" "$OUT/http-floor.txt" <<'PY'
import re, sys
out, before, after = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
n = int(re.search(r"(\d+) requests in", out).group(1))
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
print(f"HTTP floor: a malformed POST (400, no signature, no disk), 8 connections: {rate:.0f}/s, server CPU {(after - before) / n * 1e6:.0f} µs per request")
with open(sys.argv[4], "w") as out:
    out.write(f"{(after - before) / n * 1e6:.1f}\n")
PY
        # The floor under a record at each level: the HTTP floor, the signature work and the sync's share,
        # which no server doing what this one does can spare on this machine; the rest is this server's.
        python3 - "$OUT/http-floor.txt" "$OUT/levels-$suite.txt" "${SYNC_CPU_US:-0}" "$bound" "$work" <<'PY'
import sys
http = float(open(sys.argv[1]).read())
sync = float(sys.argv[3])
if not sys.argv[4]:
    sys.exit(0)
bound, work = float(sys.argv[4]), float(sys.argv[5])
for line in open(sys.argv[2]):
    level, per, shared = line.split()
    per, shared = float(per), float(shared)
    share = sync / shared
    floor = http + work + share
    print(f"floor at {level:>2} submitters: HTTP {http:.0f} + signatures {work:.0f} (check, seal, seal re-check) + the sync's share {share:.0f}"
          f" ({sync:.0f} µs / {shared:.1f} records) = {floor:.0f} µs; measured {per:.0f}, the rest (parsing, staging, hand-offs, the receipt) {per - floor:.0f};"
          f" 2x the bound is {2 * bound:.0f} µs; without the seal re-check the floor would be {floor - (work - bound):.0f} µs")
PY
    fi
    first=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/")
    echo "first dashboard read after the load (folds the $(( $(wc -l <"$dir/log.jsonl") - 1000 )) new records into the projection): ${first} s"
    "$BENCH" post "http://127.0.0.1:$port" "$OUT/one.jsonl" 1 "$OUT/receipts-$suite-one.txt" >/dev/null
    cat "$OUT/receipts-$suite-one.txt" >>"$OUT/receipts-$suite.txt"
    after_one=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/")
    echo "dashboard read right after one more submission ($(wc -l <"$dir/log.jsonl") records; only the new one is folded): ${after_one} s"
    if command -v wrk >/dev/null; then
        paths="/head /"
        if [ -n "$TILE_PATH" ]; then
            if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$TILE_PATH")" = 200 ]; then
                paths="$TILE_PATH $paths"
            else
                echo "tile: $TILE_PATH is not served here; skipped"
            fi
        else
            echo "tile: TILE_PATH is empty; reading /head and the dashboard only"
        fi
        for path in $paths; do
            wrk -t2 -c8 -d"${DURATION}s" --timeout 30s --latency "http://127.0.0.1:$port$path" >"$OUT/wrk.txt"
            printf 'reads of %-12s %s/s (wrk, 8 connections, %ss); latency p50 %s, p99 %s\n' "$path" \
                "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")" "$DURATION" \
                "$(awk '$1 == "50%" {print $2}' "$OUT/wrk.txt")" "$(awk '$1 == "99%" {print $2}' "$OUT/wrk.txt")"
        done
    else
        echo "reads: wrk is not installed (apt-get install wrk); skipped"
    fi
    stop_server
    "$BENCH" check-receipts "$dir" "$OUT/receipts-$suite.txt"
    "$BIN/ledger" verify -L "$dir" | tail -1
done

