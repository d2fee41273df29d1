#!/usr/bin/env bash
# Kills appenders with SIGKILL at random moments and checks what FORMAT.md §3.4/§3.5 promise:
#   (a) every statement whose receipt was printed (receipts follow fsync) is in the log;
#   (b) the log holds only whole batches: each attempted append, submit or batch is in the log with all
#       of its records or with none;
#   (c) `ledger verify` passes after `ledger recover`.
#
#   tools/crash-harness.sh                     200 trials (release build, ed25519-sha256)
#   TRIALS=50 tools/crash-harness.sh           fewer trials
#   MAX_SECONDS=300 tools/crash-harness.sh     stop starting trials after this long (default 1200)
#   SEED=7 tools/crash-harness.sh              another random sequence (default 1)
#
# Each trial runs one of: `ledger append progress` (one record), `ledger submit` (2–5 statement files
# signed beforehand, so their ids are known) or `ledger append --batch` (a CSV of 50–500 rows, each
# with a unique `note` tNNN-rMMM), and sends SIGKILL after a random delay, uniform in 0…min(300 ms,
# 1.2 × the time the same kind of run takes unkilled here, measured first) so most kills land mid-run.
# "Kills mid-write" are those that left a batch intent (`pending-append`) or a torn tail behind: the
# process died between syncing its intent and removing it. The scratch ledger is made anew every
# SEGMENT trials (default 25) so verification stays quick.
# Work goes to ${CRASH_DIR:-/tmp/ledger-crash}; builds to ${SCRATCH:-.build-harness}.
# Exits 1 if any invariant broke.
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${TRIALS:-200}
MAX_SECONDS=${MAX_SECONDS:-1200}
SEGMENT=${SEGMENT:-25}
SEED=${SEED:-1}
OUT=${CRASH_DIR:-/tmp/ledger-crash}
SCRATCH=${SCRATCH:-.build-harness}

swift build -c release --scratch-path "$SCRATCH" --product ledger >/dev/null
LEDGER=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/ledger

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr), $(df -T /tmp | awk 'NR==2{print $2}') at ${OUT}"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); ledger: $LEDGER; git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "trials: $TRIALS (seed $SEED, at most ${MAX_SECONDS}s), SIGKILL after a random 0–300 ms (capped at 1.2 × the kind's unkilled run time)"

rm -rf "$OUT"
mkdir -p "$OUT/keys"
RANDOM=$SEED
"$LEDGER" key generate --suite ed25519-sha256 --out "$OUT/keys/office" >/dev/null
"$LEDGER" key generate --suite ed25519-sha256 --out "$OUT/keys/d1" >/dev/null
OFFICE=$OUT/keys/office.key
DEPT=$OUT/keys/d1.key

CHECK=$OUT/check.py
cat >"$CHECK" <<'PY'
# check.py LOG BEFORE TAG EXPECTED STDOUT [IDS…]
# Prints: "present acked lost extra" for one trial; exit 0.
import json, re, sys
log, before, tag, expected, stdout = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
signed = set(sys.argv[6:])
ids, notes, count = set(), set(), 0
with open(log, "rb") as f:
    for line in f:
        if not line.endswith(b"\n"):
            break
        count += 1
        s = json.loads(line)["statement"]
        ids.add(s["id"])
        note = s.get("body", {}).get("note")
        if note and note.startswith(tag + "-"):
            notes.add(note)
        if s["id"] in signed:
            notes.add(s["id"])
text = open(stdout, "rb").read().decode("utf-8", "replace")
acked = set(re.findall(r"accepted record \d+  statement ([0-9a-f]{32})\b", text))
lost = len([a for a in acked if a not in ids])
present = len(notes)
# Records other than this trial's that appeared (must be none).
extra = count - before - present
print(present, len(acked), lost, extra)
PY

count_records() { if [ -f "$1/log.jsonl" ]; then grep -c '' "$1/log.jsonl" || true; else echo 0; fi; }

new_ledger() {
    LED=$OUT/ledger-$1
    LEDID=crash-$1
    "$LEDGER" init "$LED" --id "$LEDID" --operator-key "$OFFICE" --dept ZBBGS --name 专班 --title 台账 >/dev/null
    "$LEDGER" key enroll "$OUT/keys/d1.pub" --dept D1 --name 部门一 -L "$LED" --key "$OFFICE" >/dev/null 2>&1
    "$LEDGER" append assigned -L "$LED" --key "$OFFICE" --task 1.6 --title T --lead D1 --deadline 2030-12-31 >/dev/null
}

# How long each kind takes unkilled on this machine, so that the kill lands within the run rather than
# after it: the delay is uniform in 0…min(300, 1.2 × that) ms.
ms_of() { # runs "$@" and prints its wall time in ms
    local a b
    a=$EPOCHREALTIME
    "$@" >/dev/null 2>&1
    b=$EPOCHREALTIME
    python3 -c "print(round(($b - $a) * 1000))"
}
new_ledger cal
{
    echo "type,task,percent,note"
    for ((i = 1; i <= 500; i++)); do echo "progress,1.6,5,cal-r$i"; done
} >"$OUT/cal.csv"
for i in 1 2 3 4 5; do "$LEDGER" sign progress --ledger-id "$LEDID" --key "$DEPT" --dept D1 --task 1.6 --percent 5 -o "$OUT/cal$i.json" 2>/dev/null; done
ms_single=$(ms_of "$LEDGER" append progress -L "$LED" --key "$DEPT" --operator-key "$OFFICE" --task 1.6 --percent 1)
ms_submit=$(ms_of "$LEDGER" submit -L "$LED" --operator-key "$OFFICE" "$OUT"/cal?.json)
ms_batch=$(ms_of "$LEDGER" append --batch "$OUT/cal.csv" -L "$LED" --key "$DEPT" --operator-key "$OFFICE")
echo "unkilled run times: single append ${ms_single} ms, submit of 5 ${ms_submit} ms, batch of 500 rows ${ms_batch} ms"
cap() { local c=$(($1 * 12 / 10 + 1)); echo $((c > 300 ? 300 : c)); }

trials=0 killed=0 midwrite=0 recovered=0 lost=0 partial=0 whole_unacked=0 verify_fail=0 extra_total=0 other_exit=0
acked_total=0 whole_acked=0 none_present=0 absent_ok=0
declare -A kind_count=([single]=0 [submit]=0 [batch]=0)
start=$SECONDS
for ((t = 1; t <= TRIALS; t++)); do
    if ((SECONDS - start >= MAX_SECONDS)); then
        echo "stopped after ${MAX_SECONDS}s at trial $t" >&2
        break
    fi
    if (((t - 1) % SEGMENT == 0)); then new_ledger "$t"; fi
    tag=$(printf 't%03d' "$t")
    work=$OUT/trial
    rm -rf "$work" && mkdir -p "$work"
    ids=()
    case $((RANDOM % 3)) in
    0)
        kind=single expected=1 window=$(cap "$ms_single")
        cmd=("$LEDGER" append progress -L "$LED" --key "$DEPT" --operator-key "$OFFICE" --task 1.6 --percent $((RANDOM % 101)) --note "$tag-r001")
        ;;
    1)
        kind=submit expected=$((2 + RANDOM % 4)) window=$(cap "$ms_submit")
        files=()
        for ((i = 1; i <= expected; i++)); do
            "$LEDGER" sign progress --ledger-id "$LEDID" --key "$DEPT" --dept D1 --task 1.6 \
                --percent $((RANDOM % 101)) -o "$work/s$i.json" 2>/dev/null
            ids+=("$(grep -oE '"id":"[0-9a-f]{32}"' "$work/s$i.json" | cut -d'"' -f4)")
            files+=("$work/s$i.json")
        done
        cmd=("$LEDGER" submit -L "$LED" --operator-key "$OFFICE" "${files[@]}")
        ;;
    2)
        kind=batch expected=$((50 + RANDOM % 451))
        window=$(cap $((ms_single + (ms_batch - ms_single) * expected / 500)))
        {
            echo "type,task,percent,note"
            for ((i = 1; i <= expected; i++)); do printf 'progress,1.6,%d,%s-r%03d\n' $((RANDOM % 101)) "$tag" "$i"; done
        } >"$work/batch.csv"
        cmd=("$LEDGER" append --batch "$work/batch.csv" -L "$LED" --key "$DEPT" --operator-key "$OFFICE")
        ;;
    esac
    kind_count[$kind]=$((kind_count[$kind] + 1))
    before=$(count_records "$LED")
    delay_ms=$((RANDOM % (window + 1)))

    "${cmd[@]}" >"$work/stdout" 2>"$work/stderr" &
    pid=$!
    sleep "$(printf '0.%03d' "$delay_ms")"
    kill -KILL "$pid" 2>/dev/null || true
    rc=0
    { wait "$pid"; } 2>/dev/null || rc=$?  # (the braces keep bash's "Killed" job report off stderr)
    trials=$((trials + 1))
    if ((rc == 137)); then
        killed=$((killed + 1))
        # Interrupted while writing: an intent left behind, or a log that does not end with a line feed.
        if [ -e "$LED/pending-append" ] || { [ -s "$LED/log.jsonl" ] && [ "$(tail -c1 "$LED/log.jsonl" | od -An -tx1 | tr -d ' ')" != "0a" ]; }; then
            midwrite=$((midwrite + 1))
        fi
    elif ((rc != 0)); then
        other_exit=$((other_exit + 1))
        echo "trial $t ($kind): exit $rc: $(head -c 300 "$work/stderr")" >&2
    fi

    if ! "$LEDGER" recover -L "$LED" >"$work/recover" 2>&1; then
        echo "trial $t: recover failed: $(cat "$work/recover")" >&2
    fi
    grep -q 'nothing to recover' "$work/recover" || recovered=$((recovered + 1))
    if ! "$LEDGER" verify -L "$LED" >"$work/verify" 2>&1; then
        verify_fail=$((verify_fail + 1))
        echo "trial $t ($kind, killed after ${delay_ms} ms): verify FAILED after recover: $(head -c 400 "$work/verify")" >&2
    fi

    read -r present acked lostn extra < <(python3 "$CHECK" "$LED/log.jsonl" "$before" "$tag" "$expected" "$work/stdout" "${ids[@]}")
    acked_total=$((acked_total + acked))
    lost=$((lost + lostn))
    extra_total=$((extra_total + extra))
    if ((lostn > 0)); then echo "trial $t ($kind): $lostn acknowledged statement(s) missing from the log" >&2; fi
    if ((extra != 0)); then echo "trial $t ($kind): $extra record(s) in the log that this trial did not attempt" >&2; fi
    if ((present == expected)); then
        if ((acked == expected)); then whole_acked=$((whole_acked + 1)); else whole_unacked=$((whole_unacked + 1)); fi
    elif ((present == 0)); then
        none_present=$((none_present + 1))
        if ((acked > 0)); then echo "trial $t ($kind): receipts printed but nothing in the log" >&2; fi
        if ((rc == 0)); then
            absent_ok=$((absent_ok + 1))
            echo "trial $t ($kind): exited 0 but none of its records is in the log" >&2
        fi
    else
        partial=$((partial + present))
        echo "trial $t ($kind, $expected records, killed after ${delay_ms} ms): only $present in the log" >&2
    fi
done
elapsed=$((SECONDS - start))

# SIGKILL cannot stop a write(2) to a file half-way in practice, so the kills above never leave part of a
# batch behind. A power loss can (the page cache loses part of the write). TORN times (default 20):
# append a batch, then put the disk in the state such a loss leaves — the intent FORMAT.md §3.5 says was
# synced first, and the log cut at a random byte inside the batch (often at a line boundary, so whole
# lines of an unfinished batch) — and check that verify refuses it, recover moves it all aside, verify
# then passes and no row of the batch is left.
TORN=${TORN:-20}
torn_done=0 torn_verify_passed=0 torn_rows_kept=0 torn_after_fail=0 torn_line_cuts=0
new_ledger torn
for ((t = 1; t <= TORN; t++)); do
    ((SECONDS - start < MAX_SECONDS)) || break
    tag=$(printf 'p%03d' "$t")
    rows=$((2 + RANDOM % 99))
    {
        echo "type,task,percent,note"
        for ((i = 1; i <= rows; i++)); do printf 'progress,1.6,%d,%s-r%03d\n' $((RANDOM % 101)) "$tag" "$i"; done
    } >"$OUT/torn.csv"
    before=$(count_records "$LED")
    size=$(stat -c %s "$LED/log.jsonl")
    "$LEDGER" append --batch "$OUT/torn.csv" -L "$LED" --key "$DEPT" --operator-key "$OFFICE" >/dev/null 2>&1
    cut_kind=$(python3 - "$LED" "$size" "$before" "$rows" "$RANDOM" "$OFFICE" <<'PY'
import base64, hashlib, json, random, subprocess, sys, tempfile
d, start, first, rows, seed, office = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
log = open(d + "/log.jsonl", "rb").read()
batch = log[start:]
# The intent as the appender wrote and synced it (FORMAT.md §3.5): canonical JSON naming the sealing
# key, then its signature over the context and that line, by that key (openssl, Ed25519).
der = subprocess.run(["openssl", "pkey", "-in", office, "-pubout", "-outform", "DER"], check=True, capture_output=True).stdout
intent = {"digest": hashlib.sha256(batch).hexdigest(), "firstSeq": first, "key": base64.b64encode(der).decode(), "length": len(batch),
          "records": rows, "start": start, "suite": "ed25519-sha256"}
line = json.dumps(intent, sort_keys=True, separators=(",", ":")).encode()
with tempfile.NamedTemporaryFile() as msg:
    msg.write(b"accountability-ledger/pending-append/v1\n" + line)
    msg.flush()
    sig = subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", office, "-rawin", "-in", msg.name], check=True, capture_output=True).stdout
with open(d + "/pending-append", "wb") as f:
    f.write(line + b"\n" + base64.b64encode(sig) + b"\n")
rng = random.Random(seed)
ends = [i + 1 for i, b in enumerate(batch) if b == 0x0A][:-1]
cut = rng.choice(ends) if ends and rng.random() < 0.5 else rng.randrange(0, len(batch))
open(d + "/log.jsonl", "r+b").truncate(start + cut)
print("line" if cut in ends else "byte")
PY
)
    [ "$cut_kind" = line ] && torn_line_cuts=$((torn_line_cuts + 1))
    torn_done=$((torn_done + 1))
    if "$LEDGER" verify -L "$LED" >/dev/null 2>&1; then
        torn_verify_passed=$((torn_verify_passed + 1))
        echo "torn $t: verify passed with a cut batch in the log" >&2
    fi
    "$LEDGER" recover -L "$LED" >/dev/null 2>&1 || echo "torn $t: recover failed" >&2
    "$LEDGER" verify -L "$LED" >/dev/null 2>&1 || {
        torn_after_fail=$((torn_after_fail + 1))
        echo "torn $t: verify failed after recover" >&2
    }
    read -r present _ <<<"$(python3 "$CHECK" "$LED/log.jsonl" "$before" "$tag" "$rows" /dev/null)"
    if ((present != 0)); then
        torn_rows_kept=$((torn_rows_kept + present))
        echo "torn $t: $present of $rows rows of a cut batch kept after recover" >&2
    fi
done

echo "kinds: single ${kind_count[single]}, submit ${kind_count[submit]}, batch ${kind_count[batch]}; ${elapsed}s"
echo "outcomes: whole and acknowledged $whole_acked, whole but unacknowledged $whole_unacked, absent $none_present; torn tails moved aside by recover $recovered; other exits $other_exit"
echo "simulated power loss mid-batch: $torn_done (cut at a line boundary $torn_line_cuts), verify passed before recover $torn_verify_passed, rows of a cut batch kept $torn_rows_kept, verify failures after recover $torn_after_fail"
echo "summary: trials $trials, killed $killed, kills mid-write $midwrite, receipts seen $acked_total, acknowledged appends lost $lost, unacknowledged records kept $partial, whole but unacknowledged $whole_unacked, stray records $extra_total, verify failures after recover $verify_fail"
if ((lost != 0 || partial != 0 || verify_fail != 0 || extra_total != 0 || absent_ok != 0 || torn_verify_passed != 0 || torn_rows_kept != 0 || torn_after_fail != 0)); then
    echo "INVARIANT BROKEN"
    exit 1
fi
echo "all invariants held"
