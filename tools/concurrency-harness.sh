#!/usr/bin/env bash
# Runs appenders, verifiers and creators at once and checks what FORMAT.md §1 promises: appenders are
# serialised by flock(LOCK_EX) on the log, verifiers take LOCK_SH, and a ledger is created by link(2).
#
#   tools/concurrency-harness.sh               N=8 appenders × K=25 records, 2 verify loops, R=50 init races
#   N=4 K=10 R=10 tools/concurrency-harness.sh a quicker run
#   MAX_SECONDS=600 …                          bound on each phase (default 900)
#
# Checks: every acknowledged append (receipt printed) is in the log exactly once, at the seq its receipt
# names; no append failed; every `ledger verify` run while appends went on passed; afterwards the chain
# verifies with `ledger verify` and with tools/independent-verify.py (no fork); of two `ledger init` on
# one fresh directory exactly one succeeded and the genesis on disk is the one it printed.
# Work goes to ${CONC_DIR:-/tmp/ledger-concurrency}; builds to ${SCRATCH:-.build-harness}. Exits 1 on any
# violation.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-8}
K=${K:-25}
R=${R:-50}
MAX_SECONDS=${MAX_SECONDS:-900}
OUT=${CONC_DIR:-/tmp/ledger-concurrency}
SCRATCH=${SCRATCH:-.build-harness}
MAX_VERIFY_LOOPS=${MAX_VERIFY_LOOPS:-5000}

swift build -c release --scratch-path "$SCRATCH" --product ledger >/dev/null
LEDGER=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/ledger

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr), $(df -T /tmp | awk 'NR==2{print $2}') at ${OUT}"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); ledger: $LEDGER; git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "appenders: $N × $K progress records, 2 verify loops, $R init races"

rm -rf "$OUT"
mkdir -p "$OUT/keys" "$OUT/out"
K_=$OUT/keys
"$LEDGER" key generate --suite ed25519-sha256 --out "$K_/office" >/dev/null
"$LEDGER" key generate --suite ed25519-sha256 --out "$K_/office2" >/dev/null
LED=$OUT/ledger
"$LEDGER" init "$LED" --id conc-test --operator-key "$K_/office.key" --dept ZBBGS --name 专班 --title 台账 >/dev/null
for ((i = 1; i <= N; i++)); do
    d=$(printf 'D%02d' "$i")
    "$LEDGER" key generate --suite ed25519-sha256 --out "$K_/$d" >/dev/null
    "$LEDGER" key enroll "$K_/$d.pub" --dept "$d" --name "部门$i" -L "$LED" --key "$K_/office.key" >/dev/null 2>&1
    "$LEDGER" append assigned -L "$LED" --key "$K_/office.key" --task "1.$i" --title "任务$i" --lead "$d" --deadline 2030-12-31 >/dev/null
done
setup_records=$(grep -c '' "$LED/log.jsonl")

violations=0
fail() {
    echo "VIOLATION: $*" >&2
    violations=$((violations + 1))
}

# ---- appenders and verifiers at once ----
rm -f "$OUT/stop"
reader() {
    local r=$1 n=0 ok=0 bad=0 start=$SECONDS
    while [ ! -e "$OUT/stop" ] && ((n < MAX_VERIFY_LOOPS && SECONDS - start < MAX_SECONDS)); do
        n=$((n + 1))
        if "$LEDGER" verify -L "$LED" >"$OUT/out/verify$r.last" 2>&1; then
            ok=$((ok + 1))
        else
            bad=$((bad + 1))
            cp "$OUT/out/verify$r.last" "$OUT/out/verify$r.fail$bad"
        fi
    done
    echo "$ok $bad" >"$OUT/out/reader$r"
}
appender() {
    local i=$1 d j start=$SECONDS
    d=$(printf 'D%02d' "$i")
    : >"$OUT/out/a$i.failures"
    for ((j = 1; j <= K; j++)); do
        ((SECONDS - start < MAX_SECONDS)) || break
        if ! "$LEDGER" append progress -L "$LED" --key "$K_/$d.key" --operator-key "$K_/office.key" --task "1.$i" \
            --percent $(((j * 4) % 101)) --note "a$i-$j" >>"$OUT/out/a$i.out" 2>>"$OUT/out/a$i.err"; then
            echo "$j" >>"$OUT/out/a$i.failures"
        fi
    done
}
t0=$EPOCHREALTIME
reader 1 &
r1=$!
reader 2 &
r2=$!
pids=()
for ((i = 1; i <= N; i++)); do
    appender "$i" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
t1=$EPOCHREALTIME
touch "$OUT/stop"
wait "$r1" "$r2"
append_seconds=$(python3 -c "print(f'{$t1 - $t0:.1f}')")

read -r v1ok v1bad <"$OUT/out/reader1"
read -r v2ok v2bad <"$OUT/out/reader2"
verify_runs=$((v1ok + v1bad + v2ok + v2bad))
verify_bad=$((v1bad + v2bad))
((verify_bad == 0)) || fail "$verify_bad concurrent verify run(s) failed (see $OUT/out/verify*.fail*)"
append_failures=$(cat "$OUT"/out/a*.failures | grep -c '' || true)
((append_failures == 0)) || fail "$append_failures append(s) exited non-zero: $(cat "$OUT"/out/a*.err | grep -v '^ledger: note' | head -3)"

# Every receipt's statement in the log exactly once, at the receipt's seq; every note at most once.
read -r acked missing dup wrongseq notes_dup total < <(python3 - "$LED/log.jsonl" "$OUT"/out/a*.out <<'PY'
import json, re, sys, collections
ids, by_seq, notes = collections.Counter(), {}, collections.Counter()
for line in open(sys.argv[1], "rb"):
    r = json.loads(line)
    s = r["statement"]
    ids[s["id"]] += 1
    by_seq[r["seq"]] = s["id"]
    if "note" in s.get("body", {}):
        notes[s["body"]["note"]] += 1
acked = []
for path in sys.argv[2:]:
    acked += re.findall(r"accepted record (\d+)  statement ([0-9a-f]{32})\b", open(path).read())
missing = sum(1 for _, i in acked if ids[i] == 0)
dup = sum(1 for _, i in acked if ids[i] > 1)
wrongseq = sum(1 for q, i in acked if by_seq.get(int(q)) != i)
print(len(acked), missing, dup, wrongseq, sum(1 for n in notes.values() if n > 1), sum(ids.values()))
PY
)
expected=$((N * K))
((acked == expected - append_failures)) || fail "$acked receipts printed for $expected appends ($append_failures failed)"
((missing == 0)) || fail "$missing acknowledged statement(s) missing from the log"
((dup == 0)) || fail "$dup acknowledged statement(s) in the log more than once"
((wrongseq == 0)) || fail "$wrongseq receipt(s) name a seq that holds another statement"
((notes_dup == 0)) || fail "$notes_dup note(s) appear more than once"
((total == setup_records + acked)) || fail "log has $total records, expected $setup_records + $acked"
final_verify=ok
"$LEDGER" verify -L "$LED" >"$OUT/out/final-verify" 2>&1 || { final_verify=FAILED; fail "final verify: $(cat "$OUT/out/final-verify")"; }
independent=ok
python3 tools/independent-verify.py "$LED" >"$OUT/out/independent" 2>&1 || { independent=FAILED; fail "independent verifier: $(cat "$OUT/out/independent")"; }
echo "appends: $acked acknowledged of $expected in ${append_seconds}s, $append_failures failed; log $total records; concurrent verify runs $verify_runs, failed $verify_bad; final verify $final_verify, independent verifier $independent"

# ---- two creators on one fresh directory, R times ----
init_one_winner=0 init_both=0 init_none=0 genesis_mismatch=0 init_verify_bad=0
start=$SECONDS
races=0
for ((r = 1; r <= R; r++)); do
    ((SECONDS - start < MAX_SECONDS)) || break
    races=$((races + 1))
    dir=$OUT/init/$r
    mkdir -p "$OUT/init"
    # Half the races on a directory that does not exist yet, half on one that exists and is empty.
    if ((r % 2 == 0)); then mkdir "$dir"; fi
    "$LEDGER" init "$dir" --id "race-$r-a" --operator-key "$K_/office.key" --dept ZBBGS --name 甲 --title 台账 >"$OUT/init/$r.a" 2>&1 &
    pa=$!
    "$LEDGER" init "$dir" --id "race-$r-b" --operator-key "$K_/office2.key" --dept ZBBGS --name 乙 --title 台账 >"$OUT/init/$r.b" 2>&1 &
    pb=$!
    ra=0 rb=0
    wait "$pa" || ra=$?
    wait "$pb" || rb=$?
    if ((ra == 0 && rb == 0)); then
        init_both=$((init_both + 1))
        fail "race $r: both inits succeeded"
        continue
    elif ((ra != 0 && rb != 0)); then
        init_none=$((init_none + 1))
        fail "race $r: neither init succeeded: $(cat "$OUT/init/$r.a" "$OUT/init/$r.b" | head -2)"
        continue
    fi
    init_one_winner=$((init_one_winner + 1))
    if ((ra == 0)); then winner=a; else winner=b; fi
    printed=$(grep -oE 'statement [0-9a-f]{32}' "$OUT/init/$r.$winner" | head -1 | cut -d' ' -f2)
    ondisk=$(head -1 "$dir/log.jsonl" | grep -oE '"id":"[0-9a-f]{32}"' | head -1 | cut -d'"' -f4)
    ledger_id=$(head -1 "$dir/log.jsonl" | grep -oE '"ledger":"[^"]*"' | head -1 | cut -d'"' -f4)
    if [ -z "$printed" ] || [ "$printed" != "$ondisk" ] || [ "$ledger_id" != "race-$r-$winner" ] || [ "$(grep -c '' "$dir/log.jsonl")" != 1 ]; then
        genesis_mismatch=$((genesis_mismatch + 1))
        fail "race $r: winner $winner printed $printed, disk holds $ondisk of $ledger_id"
    fi
    "$LEDGER" verify -L "$dir" >/dev/null 2>&1 || {
        init_verify_bad=$((init_verify_bad + 1))
        fail "race $r: the created ledger does not verify"
    }
done
echo "init races: $races, exactly one winner $init_one_winner, both succeeded $init_both, neither $init_none, genesis on disk not the winner's $genesis_mismatch, created ledger fails verify $init_verify_bad"
echo "summary: appenders $N x $K, acknowledged $acked, missing $missing, duplicated $dup, wrong seq $wrongseq, append failures $append_failures, concurrent verify runs $verify_runs (failed $verify_bad), final verify $final_verify, init races $races (one winner $init_one_winner, both $init_both, none $init_none, genesis mismatch $genesis_mismatch), violations $violations"
if ((violations != 0)); then
    echo "INVARIANT BROKEN"
    exit 1
fi
echo "all invariants held"
