#!/usr/bin/env bash
# The cost of a dashboard read (`GET /state`) right after a submission, on a served ledger with
# snapshots: the server folds the new record into the projection it made from the newest snapshot and
# the admission cache (LedgerDirectory.extend), instead of projecting again from the snapshot.
#
#   tools/bench-snapshot-reads.sh                  200,000 Ed25519 records, snapshots every 100,000
#   RECORDS=50000 EVERY=20000 tools/bench-snapshot-reads.sh
#   SNAPSHOT_AT_END=1 tools/bench-snapshot-reads.sh   keep the snapshot at the last record too
#   BENCH=path/to/ledger-bench tools/bench-snapshot-reads.sh   use a ledger-bench already built
#
# With RECORDS a multiple of EVERY the newest snapshot covers the whole log; it is removed (unless
# SNAPSHOT_AT_END=1) so that EVERY records lie between the newest snapshot and the end, as on a ledger
# that grew since its last snapshot. Prints the first read (a projection), then for three submissions
# the next read and one more (memoised). The ledger is deleted afterwards unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-200000}
EVERY=${EVERY:-100000}
OUT=${BENCH_DIR:-/tmp/ledger-bench-snapshot-reads-$(basename "$PWD")}
SCRATCH=${SCRATCH:-$PWD/.build-rel}
swift build -c release --scratch-path "$SCRATCH" --product ledger-server >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product ledger >/dev/null
BIN="$SCRATCH/release"
if [[ -z "${BENCH:-}" ]]; then
    (cd tools/bench && swift build -c release --scratch-path "$PWD/../../.build-rel-tools" >/dev/null)
    BENCH="$PWD/.build-rel-tools/release/ledger-bench"
fi

rm -rf "$OUT"
mkdir -p "$OUT"
L="$OUT/L"
"$BENCH" generate "$L" "$RECORDS" ed25519-sha256 >/dev/null
"$BIN/ledger" snapshot create -L "$L" --every "$EVERY" >/dev/null
if [[ -z "${SNAPSHOT_AT_END:-}" ]]; then rm -f "$L/snapshots/$(printf %012d "$RECORDS").json"; fi
echo "snapshots: $(ls "$L/snapshots" | tr '\n' ' ')"
"$BENCH" sign-load "$L" 3 "$OUT/load.jsonl" >/dev/null

"$BIN/ledger-server" -L "$L" --operator-key "$L/keys/OFFICE.key" --port 0 --log-level warning >"$OUT/server.out" 2>"$OUT/server.err" &
SERVER=$!
# The server writes the admission cache as it stops: wait for it before removing the ledger.
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; [[ -n "${KEEP:-}" ]] || rm -rf "$OUT"' EXIT
for _ in $(seq 1 100); do grep -q listening "$OUT/server.out" 2>/dev/null && break; sleep 0.2; done
PORT=$(grep -o '"port":[0-9]*' "$OUT/server.out" | cut -d: -f2)
URL="http://127.0.0.1:$PORT"
read_state() { curl -s -o "$OUT/state.json" -w '%{time_total}' "$URL/state"; }
echo "first /state (a projection): $(read_state) s; again: $(read_state) s"
for n in 1 2 3; do
    sed -n "${n}p" "$OUT/load.jsonl" >"$OUT/one.jsonl"
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @"$OUT/one.jsonl" "$URL/statements")
    echo "submission $n: HTTP $code; next /state: $(read_state) s; again: $(read_state) s; $(grep -o '"recordCount":[0-9]*' "$OUT/state.json" | head -1)"
done
