#!/usr/bin/env bash
# Benchmarks the hot paths on generated ledgers and compares with `openssl speed` in the same run.
# tools/compare.sh prints the README's table (ratios to openssl speed, git and the Python verifier);
# this script adds the million-record replay and `ledger state`.
#
#   tools/bench.sh            100,000 records per suite for verify; 100,000 and 1,000,000 for replay
#   RECORDS=20000 tools/bench.sh   a quicker run
#
# Everything is built in release mode. Ledgers go to ${BENCH_DIR:-/tmp/ledger-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-100000}
BIG=${BIG:-1000000}
OUT=${BENCH_DIR:-/tmp/ledger-bench}
mkdir -p "$OUT"

swift build -c release --product ledger >/dev/null
LEDGER=$(swift build -c release --show-bin-path)/ledger
(cd tools/bench && swift build -c release >/dev/null)
BENCH=$(cd tools/bench && swift build -c release --show-bin-path)/ledger-bench
echo "machine: $(nproc) cores, $(openssl version)"

for suite in ed25519-sha256 sm2-sm3; do
    dir="$OUT/$suite-$RECORDS"
    [ -f "$dir/log.jsonl" ] || { rm -rf "$dir"; "$BENCH" generate "$dir" "$RECORDS" "$suite"; }
    echo "== $suite, $RECORDS records, $(du -h "$dir/log.jsonl" | cut -f1) =="
    case $suite in
        ed25519-sha256) alg=ed25519 ;;
        sm2-sm3) alg=sm2 ;;
    esac
    # One-core and all-core verify rates of the primitive, measured now, on this machine.
    one=$(openssl speed -seconds 3 "$alg" 2>/dev/null | awk '/verify\/s/{getline; print $NF}')
    all=$(openssl speed -seconds 3 -multi "$(nproc)" "$alg" 2>/dev/null | awk '/verify\/s/{getline; print $NF}')
    start=$(date +%s.%N)
    /usr/bin/time -f "%M %U %S" -o "$OUT/rss" "$LEDGER" verify -L "$dir" >/dev/null
    end=$(date +%s.%N)
    python3 - "$RECORDS" "$start" "$end" "$one" "$all" $(cat "$OUT/rss") <<'PY'
import sys
n, start, end, one, allc = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
rss, user, system = int(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
t = end - start
rate = n / t
# Each record carries two signatures (the department's and the operator's seal).
bound = allc / 2
print(f"ledger verify: {t:.2f} s = {rate:,.0f} records/s ({2*rate:,.0f} signatures/s), {user:.2f} s user + {system:.2f} s system CPU, peak RSS {rss/1024:.0f} MB")
print(f"openssl speed verify: {one:,.0f}/s on one core, {allc:,.0f}/s on all cores -> bound {bound:,.0f} records/s")
print(f"ratio ledger/openssl bound: {rate/bound:.2f} (wall time)")
# openssl speed divides by CPU time, so this ratio holds on a machine other processes are loading too.
print(f"ratio of CPU per signature, openssl speed/ledger verify: {(2 * n / (user + system)) / one:.2f}")
PY
    /usr/bin/time -f "replay CPU: %U s user, %S s system" "$BENCH" replay "$dir"
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$OUT/rss" "$LEDGER" state -L "$dir" --no-snapshot --json >/dev/null
    end=$(date +%s.%N)
    python3 -c "import sys; n=$RECORDS; t=$end-$start; print(f'ledger state --no-snapshot (verify + project): {t:.2f} s = {n/t:,.0f} records/s, peak RSS {$(cat "$OUT/rss")/1024:.0f} MB')"
done

dir="$OUT/ed25519-sha256-$BIG"
[ -f "$dir/log.jsonl" ] || { rm -rf "$dir"; "$BENCH" generate "$dir" "$BIG" ed25519-sha256; }
echo "== ed25519-sha256, $BIG records, $(du -h "$dir/log.jsonl" | cut -f1) =="
"$BENCH" replay "$dir"
"$BENCH" verify "$dir"

# State as of any record from a series of snapshots (one per 100,000 records): only the records between
# the two snapshots around the record are read. The series is written once (a full verification).
every=${EVERY:-100000}
[ -f "$dir/snapshots/$(printf %012d "$BIG").json" ] || /usr/bin/time -f "snapshot create --every $every: %e s wall, %U s user, peak RSS %M KB" \
    "$LEDGER" snapshot create -L "$dir" --every "$every" >/dev/null
for at in 0 $((every - 1)) $every $((every + every / 2)) $((2 * every - 2)) $((BIG - 1)); do
    /usr/bin/time -f "ledger state --at $at: %e s wall, %U s user, peak RSS %M KB" "$LEDGER" state -L "$dir" --at "$at" --json >/dev/null
done
# After the newest snapshot (plain `ledger state`): the snapshot, the admission cache's signed chain state
# and the records after the cache only (FORMAT.md §9).
/usr/bin/time -f "ledger state (end): %e s wall, %U s user, peak RSS %M KB" "$LEDGER" state -L "$dir" --json >/dev/null
