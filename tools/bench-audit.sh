#!/usr/bin/env bash
# Times an inspector's incremental audit (FORMAT.md §12.9) against a full verify, on a million records.
#
#   tools/bench-audit.sh          1,000 new records on top of 1,000,000 (NEW=, BIG= to change)
#
# Uses the generated ledger of tools/bench.sh (${BENCH_DIR:-/tmp/ledger-bench}/ed25519-sha256-$BIG, made
# here with ledger-bench when missing) and works on a copy of it:
# 1. an inspector key is enrolled, the office publishes a checkpoint and the inspector cosigns it (the
#    first cosign checks the whole log: it has no state yet);
# 2. NEW progress records are appended (one batch) and the office publishes a checkpoint;
# 3. timed: `ledger audit` (consistency proof + §6 checks of the NEW records from the inspector's state),
#    then `ledger cosign` (the same audit and a cosignature), then `ledger verify` of the whole log;
# 4. the office's publishing (FORMAT.md §12.5): `ledger checkpoint` after the NEW records of step 2 resumes
#    from its publishing state (cache/checkpoint/); NEW more records are appended, the state removed, and
#    `ledger checkpoint` times the full pass every publish made before that state existed.
# Times are wall and CPU seconds (user+system, from /usr/bin/time): the machine is shared.
# Generate once, run once: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
BIG=${BIG:-1000000}
NEW=${NEW:-1000}
OUT=${BENCH_DIR:-/tmp/ledger-bench}
SCRATCH=${SCRATCH:-.build-bench}
mkdir -p "$OUT"

swift build -c release --scratch-path "$SCRATCH" --product ledger >/dev/null
LEDGER=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/ledger
source_ledger="$OUT/ed25519-sha256-$BIG"
if [ ! -f "$source_ledger/log.jsonl" ]; then
    (cd tools/bench && swift build -c release --scratch-path "../../$SCRATCH" >/dev/null)
    BENCH=$(cd tools/bench && swift build -c release --scratch-path "../../$SCRATCH" --show-bin-path)/ledger-bench
    "$BENCH" generate "$source_ledger" "$BIG" ed25519-sha256
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
dir="$OUT/audit-$BIG"
state="$OUT/audit-$BIG-inspector"
rm -rf "$dir" "$state"
mkdir -p "$dir"
cp "$source_ledger/log.jsonl" "$dir/log.jsonl"
cp -a "$source_ledger/keys" "$dir/keys"
[ -d "$source_ledger/cache" ] && cp -a "$source_ledger/cache" "$dir/cache"   # the office's admission cache (signed, bound to the log)
keys="$dir/keys"
ms() { python3 -c "import sys; print(f'{(float(sys.argv[2]) - float(sys.argv[1])):.2f} s')" "$1" "$2"; }
# Runs a command, its output discarded, and prints "W s wall, C s CPU".
timed() {
    /usr/bin/time -f "%e %U %S" -o "$OUT/cpu" "$@" >/dev/null 2>&1
    read -r wall user sys <"$OUT/cpu"
    python3 -c "import sys; print(f'{float(sys.argv[1]):.2f} s wall, {float(sys.argv[2]) + float(sys.argv[3]):.2f} s CPU')" "$wall" "$user" "$sys"
}

"$LEDGER" key generate --out "$keys/XJW" --suite ed25519-sha256 >/dev/null
"$LEDGER" key enroll "$keys/XJW.pub" --dept XJW --name 县纪委监委 --role inspector -L "$dir" --key "$keys/OFFICE.key" >/dev/null
echo "ledger checkpoint at $(wc -l <"$dir/log.jsonl") records (the whole log: verify + build the tree, no publishing state yet): $(timed "$LEDGER" checkpoint -L "$dir" --operator-key "$keys/OFFICE.key")"
start=$EPOCHREALTIME
"$LEDGER" cosign -L "$dir" --key "$keys/XJW.key" --state "$state" >/dev/null
end=$EPOCHREALTIME
echo "first ledger cosign (no state yet: every record checked): $(ms "$start" "$end")"

batch="$dir/new.csv"
{ echo "type,task,percent,metrics,note,evidence,reason,until,time"; for i in $(seq 1 "$NEW"); do echo "progress,T1,50,,第${i}次,,,,"; done; } >"$batch"
"$LEDGER" append --batch "$batch" -L "$dir" --key "$keys/D2.key" --operator-key "$keys/OFFICE.key" >/dev/null
echo "ledger checkpoint after $NEW new records (resumed from the publishing state): $(timed "$LEDGER" checkpoint -L "$dir" --operator-key "$keys/OFFICE.key")"

start=$EPOCHREALTIME
/usr/bin/time -f "%M" -o "$OUT/rss" "$LEDGER" audit -L "$dir" --key "$keys/XJW.key" --state "$state"
end=$EPOCHREALTIME
echo "ledger audit ($NEW new records on $(wc -l <"$dir/log.jsonl")): $(ms "$start" "$end"), peak RSS $(( $(cat "$OUT/rss") / 1024 )) MB"
start=$EPOCHREALTIME
"$LEDGER" cosign -L "$dir" --key "$keys/XJW.key" --state "$state" >/dev/null
end=$EPOCHREALTIME
echo "ledger cosign (the same audit, the cosignature, the state written): $(ms "$start" "$end")"
start=$EPOCHREALTIME
/usr/bin/time -f "%M" -o "$OUT/rss" "$LEDGER" verify -L "$dir" >/dev/null
end=$EPOCHREALTIME
echo "ledger verify (the whole log, for comparison): $(ms "$start" "$end"), peak RSS $(( $(cat "$OUT/rss") / 1024 )) MB"
"$LEDGER" append --batch "$batch" -L "$dir" --key "$keys/D2.key" --operator-key "$keys/OFFICE.key" >/dev/null
rm -rf "$dir/cache/checkpoint"
echo "ledger checkpoint after $NEW more records without the publishing state (the whole log, signatures of the $NEW only: every publish before the state): $(timed "$LEDGER" checkpoint -L "$dir" --operator-key "$keys/OFFICE.key")"
"$LEDGER" append --batch "$batch" -L "$dir" --key "$keys/D2.key" --operator-key "$keys/OFFICE.key" >/dev/null
echo "ledger checkpoint after $NEW more records, the state written by that full pass: $(timed "$LEDGER" checkpoint -L "$dir" --operator-key "$keys/OFFICE.key")"
echo "publishing state: $(du -sh "$dir/cache/checkpoint" | cut -f1) ($(stat -c %s "$dir/cache/checkpoint/ids") bytes of statement ids)"
echo "inspector state: $(du -sh "$state/bench" | cut -f1) ($(stat -c %s "$state/bench/ids") bytes of statement ids)"
rm -rf "$dir" "$state"
