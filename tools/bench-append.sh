#!/usr/bin/env bash
# Times ONE real `ledger append progress …` process (the release binary: open, lock, admission cache,
# sign, seal, check, write, fsync, cache update, exit) on generated ledgers of growing size, with the
# admission cache and, for comparison, after removing it (the appender then replays the whole log).
#
#   tools/bench-append.sh                        1,000, 100,000 and 1,000,000 records (ed25519-sha256)
#   SIZES="1000 20000" tools/bench-append.sh     a quicker run
#   RUNS=9 tools/bench-append.sh                 more timed appends per size (default 5)
#
# Ledgers go to ${BENCH_DIR:-/tmp/ledger-bench} (the same directories tools/bench.sh uses) and are
# reused when present; each run appends RUNS + 2 records to them. Builds go to ${SCRATCH:-.build-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 100000 1000000"}
RUNS=${RUNS:-5}
SUITE=ed25519-sha256
OUT=${BENCH_DIR:-/tmp/ledger-bench}
SCRATCH=${SCRATCH:-.build-bench}
mkdir -p "$OUT"

swift build -c release --scratch-path "$SCRATCH" --product ledger >/dev/null
LEDGER=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/ledger
(cd tools/bench && swift build -c release --scratch-path "$SCRATCH" >/dev/null)
BENCH=$(cd tools/bench && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/ledger-bench

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(openssl version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$RUNS timed appends per size after one warm-up append; wall time of the whole \`ledger append progress\` process"

results="$OUT/append-results.txt"
: >"$results"
percent=0

# Runs one append on $1 and sets `elapsed` (seconds) and `note` (what the CLI said on stderr).
append_once() {
    local dir=$1
    percent=$(((percent + 7) % 101))
    local start end
    start=$EPOCHREALTIME
    if ! "$LEDGER" append progress -L "$dir" --task T1 --percent "$percent" --note "bench-append" \
        --key "$dir/keys/D2.key" --operator-key "$dir/keys/OFFICE.key" >/dev/null 2>"$OUT/append.err"; then
        end=$EPOCHREALTIME
        echo "append refused or failed on $dir:" >&2
        cat "$OUT/append.err" >&2
        exit 1
    fi
    end=$EPOCHREALTIME
    elapsed=$(python3 -c "print($end - $start)")
    note=$(cat "$OUT/append.err")
}

for size in $SIZES; do
    dir="$OUT/$SUITE-$size"
    # A ledger from before the generator wrote key files cannot be appended to by the CLI: make it anew.
    if [ ! -f "$dir/log.jsonl" ] || [ ! -f "$dir/keys/OFFICE.key" ] || [ ! -f "$dir/keys/D2.key" ]; then
        rm -rf "$dir"
        "$BENCH" generate "$dir" "$size" "$SUITE"
    fi
    echo "== $SUITE, $size records generated, log $(du -h "$dir/log.jsonl" | cut -f1) =="

    append_once "$dir"
    echo "warm-up append: $(printf '%.1f' "$(python3 -c "print($elapsed * 1000)")") ms${note:+ — $note}"

    times=()
    for ((i = 1; i <= RUNS; i++)); do
        append_once "$dir"
        # The cached path prints nothing on stderr; the replay fallback says why it read the whole log.
        if [ -n "$note" ]; then
            echo "timed append $i did not start from the cache: $note" >&2
            exit 1
        fi
        times+=("$elapsed")
    done

    cache_bytes=$(du -sb "$dir/cache" | cut -f1)
    ids_bytes=$(du -sb "$dir/cache/ids" | cut -f1)
    state_bytes=$(stat -c %s "$dir/cache/admission")
    records=$(python3 -c "import json,sys; print(json.loads(open(sys.argv[1], 'rb').readline())['records'])" "$dir/cache/admission")

    rm -r "$dir/cache"
    append_once "$dir"
    replay=$elapsed
    replay_note=$note

    python3 - "$results" "$size" "$records" "$cache_bytes" "$ids_bytes" "$state_bytes" "$replay" "${times[@]}" <<'PY'
import statistics, sys
size, records, cache, ids, state = (int(x) for x in sys.argv[2:7])
replay = float(sys.argv[7])
times = [float(x) for x in sys.argv[8:]]
median = statistics.median(times)
print(f"with the cache: {' '.join(f'{t*1000:.1f}' for t in times)} ms -> median {median*1000:.1f} ms")
print(f"without the cache (rm -r cache; replay fallback): {replay*1000:.1f} ms ({replay/median:.1f}x the cached median)")
print(f"cache on disk (du -sb): {cache:,} bytes for {records:,} records = {cache/records:.1f} bytes/record "
      f"(ids/ {ids:,} B = {ids/records:.1f} B/record; admission {state:,} B)")
with open(sys.argv[1], "a") as results:
    print(f"{size} {median} {replay} {cache} {records}", file=results)
PY
    echo "replay note: $replay_note"
done

python3 - "$results" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
rows = [(int(s), float(m), float(r), int(c), int(n)) for s, m, r, c, n in rows]
print("== summary ==")
print(f"{'records':>10} {'cached median':>14} {'no cache':>10} {'cache bytes':>12} {'B/record':>9} {'vs smallest':>12}")
base = rows[0][1]
for s, m, r, c, n in rows:
    print(f"{s:>10,} {m*1000:>11.1f} ms {r*1000:>7.0f} ms {c:>12,} {c/n:>9.1f} {m/base:>11.2f}x")
if len(rows) > 1:
    (s0, m0, *_), (s1, m1, *_) = rows[0], rows[-1]
    verdict = "within" if m1 <= 2 * m0 else "NOT within"
    print(f"ratio of the {s1:,}-record median to the {s0:,}-record median: {m1/m0:.2f}x ({verdict} the 2x goal)")
PY
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
