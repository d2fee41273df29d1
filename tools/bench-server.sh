#!/usr/bin/env bash
# Load-tests a real `ledger-server` (release build) on loopback: sustained accepted submissions per
# second with 1, 8 and 64 concurrent submitters (one signed statement per request, each answered only
# after its record is fsynced), p50/p99 latency, dashboard reads per second (wrk), and afterwards that
# every acknowledged submission is in the log with the hash its receipt named, and the ledger verifies.
# The signature bound beside it comes from `openssl speed` on the same machine.
#
#   tools/bench-server.sh                          Ed25519 and SM2, 2,000 submissions per level
#   COUNT=500 SUITES=ed25519-sha256 tools/bench-server.sh     a quicker run
#
# Everything runs on 127.0.0.1; each load is bounded by COUNT requests, each wrk run by DURATION seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-2000}
LEVELS=${LEVELS:-"1 8 64"}
SUITES=${SUITES:-"ed25519-sha256 sm2-sm3"}
DURATION=${DURATION:-10}
OUT=${BENCH_DIR:-/tmp/ledger-bench-server}
SCRATCH=${SCRATCH:-$PWD/.build-bench}
mkdir -p "$OUT"

swift build -c release --scratch-path "$SCRATCH" --product ledger-server >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product ledger >/dev/null
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
(cd tools/bench && swift build -c release --scratch-path "$SCRATCH-tools" >/dev/null)
BENCH=$(cd tools/bench && swift build -c release --scratch-path "$SCRATCH-tools" --show-bin-path)/ledger-bench

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(openssl version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shares the cores)"
echo "each level: $COUNT submissions, one statement per POST, over loopback; ledger starts at 1,000 records"

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
    for level in $LEVELS; do
        "$BENCH" sign-load "$dir" "$COUNT" "$OUT/load.jsonl"
        "$BENCH" post "http://127.0.0.1:$port" "$OUT/load.jsonl" "$level" "$OUT/receipts-$suite-$level.txt"
        cat "$OUT/receipts-$suite-$level.txt" >>"$OUT/receipts-$suite.txt"
    done
    if command -v wrk >/dev/null; then
        for path in / /state; do
            # The first read after the load replays and verifies the whole log; later ones reuse it until the log changes.
            first=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port$path")
            echo "first read of $path after the load (replays and verifies $(wc -l <"$dir/log.jsonl") records): ${first} s"
            wrk -t2 -c8 -d"${DURATION}s" --timeout 30s --latency "http://127.0.0.1:$port$path" >"$OUT/wrk.txt"
            printf 'reads of %-7s %s/s (wrk, 8 connections, %ss); latency p50 %s, p99 %s\n' "$path" \
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

echo "== the signature bound (openssl speed, 1 core) =="
for algorithm in ed25519 sm2; do
    line=$(openssl speed -seconds 2 "$algorithm" 2>/dev/null | grep -E "bits (EdDSA|SM2)" | tail -1 || true)
    [ -n "$line" ] || { echo "$algorithm: openssl speed gave nothing"; continue; }
    sign=$(echo "$line" | awk '{print $(NF-1)}')
    verify=$(echo "$line" | awk '{print $NF}')
    python3 -c "
s, v = float('$sign'), float('$verify')
print(f'$algorithm: {s:.0f} sign/s, {v:.0f} verify/s; one check + one seal per record: {1/(1/s+1/v):.0f} records/s per core; as the appender does it (statement and seal re-verified from the written bytes, one seal): {1/(1/s+2/v):.0f} records/s per core')"
done
