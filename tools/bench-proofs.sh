#!/usr/bin/env bash
# Times Merkle proof generation at a million records (FORMAT.md §12): proofs are read from tlog tiles
# (one tile per level touched), never from a rehash of the log.
#
#   tools/bench-proofs.sh                      1,000,000 leaves (set LEAVES= for another size)
#
# 1. ledger-bench tree: an RFC 6962 tree of LEAVES synthetic leaves written as tiles, then 1,000
#    inclusion proofs, 1,000 consistency proofs and 1,000 store-open-and-root computations, in-process.
# 2. When a generated ledger of a million records exists (${BENCH_DIR:-/tmp/ledger-bench}/ed25519-sha256-1000000,
#    made by tools/bench.sh), the real `ledger` binary on a hard link of its log: the first
#    `ledger prove inclusion` (which builds the tree from the log), then single `ledger prove inclusion`
#    and `ledger prove consistency` processes (wall time, process start included).
set -euo pipefail
cd "$(dirname "$0")/.."
LEAVES=${LEAVES:-1000000}
OUT=${BENCH_DIR:-/tmp/ledger-bench}
SCRATCH=${SCRATCH:-.build-bench}
mkdir -p "$OUT"

swift build -c release --scratch-path "$SCRATCH" --product ledger >/dev/null
LEDGER=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/ledger
(cd tools/bench && swift build -c release --scratch-path "$SCRATCH" >/dev/null)
BENCH=$(cd tools/bench && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/ledger-bench

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
tree="$OUT/tree-$LEAVES"
rm -rf "$tree"
"$BENCH" tree "$tree" "$LEAVES"
echo "tiles on disk: $(du -sh "$tree/tile" | cut -f1)"
rm -rf "$tree"

source_ledger="$OUT/ed25519-sha256-1000000"
if [ -f "$source_ledger/log.jsonl" ]; then
    dir="$OUT/proofs-1000000"
    rm -rf "$dir"
    mkdir -p "$dir"
    ln "$source_ledger/log.jsonl" "$dir/log.jsonl"   # the same bytes, no copy; the tree files go to $dir
    ms() { python3 -c "import sys; print(f'{(float(sys.argv[2]) - float(sys.argv[1])) * 1000:.1f} ms')" "$1" "$2"; }
    start=$EPOCHREALTIME
    "$LEDGER" prove inclusion 123456 -L "$dir" --size 1000000 --out "$dir/first.json"
    end=$EPOCHREALTIME
    echo "ledger prove inclusion, first run (builds the tree of $(wc -l <"$dir/log.jsonl") records from the log): $(ms "$start" "$end")"
    for seq in 0 500000 999999; do
        start=$EPOCHREALTIME
        "$LEDGER" prove inclusion "$seq" -L "$dir" --size 1000000 --out "$dir/p.json"
        end=$EPOCHREALTIME
        echo "ledger prove inclusion $seq (a whole process: open, check the cache against the log, read tiles, check the proof): $(ms "$start" "$end")"
    done
    start=$EPOCHREALTIME
    "$LEDGER" prove consistency 654321 1000000 -L "$dir" --out "$dir/c.json"
    end=$EPOCHREALTIME
    echo "ledger prove consistency 654321 1000000 (a whole process): $(ms "$start" "$end")"
    rm -rf "$dir"
else
    echo "(no $source_ledger: run tools/bench.sh first for the whole-command figures on a real ledger)"
fi
