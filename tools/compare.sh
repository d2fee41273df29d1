#!/usr/bin/env bash
# One run, the same ledgers: our replay and verify rates beside their bounds and peers, measured now on
# this machine, so the ratios do not depend on which machine ran them.
#
#   tools/compare.sh                        100,000-record Ed25519 and SM2 bench ledgers, 1,000 git commits
#   RECORDS=20000 GIT_N=300 tools/compare.sh    a quicker run
#   NOTE="other builds running" tools/compare.sh  a line of context printed with the machine
#   UPDATE_README=1 tools/compare.sh        also write the table into README.md (Performance)
#
# What it prints, in this order:
#   1. the machine: CPU model, cores, memory, kernel, load, swift / openssl / git / OpenSSH / python versions;
#   2. per suite (ed25519-sha256, sm2-sm3), on a generated ledger of RECORDS records (tools/bench's
#      `ledger-bench generate`, reused from ${BENCH_DIR:-/tmp/ledger-bench} when present):
#      - `openssl speed` sign/verify on one core and on all cores (-multi), and the digest over 1 KiB blocks;
#      - replay (`ledger-bench replay`: parse, canonical check, chain, authority, projection; no signatures,
#        one core) against the digest bound (the suite's hash over each record's bytes once);
#      - `ledger verify` (the release CLI, all cores) against the signature bound (all-core verify/s ÷ 2:
#        every record carries the 单位's signature and the operator's seal);
#      - the independent Python verifier (tools/independent-verify.py, one `openssl pkeyutl` process per
#        signature) on the first PY_RECORDS records of the same ledger, beside `ledger verify` on that prefix:
#        its rate, and whether both accept it with the same head and both reject the same tampered record;
#   3. the peer a county IT team would reach for: git with SSH-signed commits (ed25519 key, gpg.format=ssh),
#      one `git add` + `git commit -S` per entry (the entry is one of our statement lines, as a file), then
#      `git log --format=%G?` with gpg.ssh.allowedSignersFile checking every signature; beside it GIT_N
#      `ledger append progress` processes on a copy of the Ed25519 ledger (sign, seal, check, fsync each);
#   4. a table of rates and ratios, and the same as the markdown the README's performance section holds.
#
# It installs nothing. A missing tool is named and its rows are left out; swift and openssl are required.
# Not run by .ci/run: it is a benchmark (minutes of CPU), not a test. Run it on an idle machine when you can;
# it prints the load average before and after so a loaded run says so.
set -uo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-100000}
GIT_N=${GIT_N:-1000}
PY_RECORDS=${PY_RECORDS:-2000}
SPEED_SECONDS=${SPEED_SECONDS:-3}
OUT=${BENCH_DIR:-/tmp/ledger-bench}
SCRATCH=${SCRATCH:-.build-bench}
CORES=$(nproc)
mkdir -p "$OUT"
WORK=$(mktemp -d "$OUT/compare.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- what is on this machine ----------------------------------------------------------------------------
missing=()
have() { command -v "$1" >/dev/null 2>&1; }
for tool in swift openssl; do
    have "$tool" || { echo "missing: $tool (required); install it and run again" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "missing: /usr/bin/time (GNU time, package 'time'; required for CPU time and peak RSS)" >&2; exit 2; }
GIT_OK=1
have git || { missing+=("git (the git peer rows)"); GIT_OK=0; }
have ssh-keygen || { missing+=("ssh-keygen from OpenSSH ≥ 8.2 (git's SSH commit signing; the git peer rows)"); GIT_OK=0; }
PY_OK=1
if ! have python3; then
    missing+=("python3 ≥ 3.8 (tools/independent-verify.py; its rows)")
    PY_OK=0
elif ! python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)'; then
    missing+=("python3 ≥ 3.8 (found $(python3 -V 2>&1); tools/independent-verify.py rows)")
    PY_OK=0
fi

# Arithmetic on decimals, by awk: `calc 'a / b' a=1 b=2`.
calc() {
    local expr=$1
    shift
    awk "$(printf 'BEGIN { %s; printf "%%.6f", %s }' "$(printf '%s;' "$@")" "$expr")" </dev/null
}
# Thousands separators: `fmt 12345.6` → 12,346; `fmt 0.7234 2` → 0.72.
fmt() { LC_ALL=C awk -v x="$1" -v d="${2:-0}" 'BEGIN {
    if (d > 0) { printf "%.*f", d, x; exit }
    s = sprintf("%.0f", x); n = ""; neg = (substr(s, 1, 1) == "-"); if (neg) s = substr(s, 2)
    while (length(s) > 3) { n = "," substr(s, length(s) - 2) n; s = substr(s, 1, length(s) - 3) }
    printf "%s%s%s", (neg ? "-" : ""), s, n }'; }
now() { echo "$EPOCHREALTIME"; }

# `openssl speed` for a signature algorithm: prints "sign/s verify/s" (summed over processes with -multi).
speed_sig() {
    openssl speed -seconds "$SPEED_SECONDS" "$@" 2>/dev/null | awk '/verify\/s/ { getline; print $(NF-1), $NF }'
}
# `openssl speed -evp DIGEST` over 1 KiB blocks, one core: bytes per second.
speed_digest() {
    openssl speed -seconds "$SPEED_SECONDS" -bytes 1024 -evp "$1" 2>/dev/null | awk -v d="$1" '$1 == d { sub(/k$/, "", $2); printf "%.0f", $2 * 1000 }'
}

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem_gb=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
swift_v=$(swift --version 2>&1 | grep -m1 -o 'Swift version [^ ]*' | cut -d' ' -f3)
openssl_v=$(openssl version | cut -d' ' -f2)
machine="$cpu, $CORES cores, $mem_gb GB, $(uname -sr), Swift $swift_v, OpenSSL $openssl_v"
echo "== machine =="
echo "cpu:     $cpu, $(awk -F': ' '/cpu MHz/ { printf "%.0f MHz", $2; exit }' /proc/cpuinfo), cache $(awk -F': ' '/cache size/ { print $2; exit }' /proc/cpuinfo) ($CORES cores online; $(grep -qw hypervisor /proc/cpuinfo && echo 'a virtual machine' || echo 'no hypervisor flag'); $(grep -qw sha_ni /proc/cpuinfo && echo 'SHA extensions' || echo 'no SHA extensions'))"
echo "memory:  $mem_gb GB"
echo "kernel:  $(uname -srm)"
echo "swift:   $(swift --version 2>&1 | head -1)"
echo "openssl: $(openssl version)"
have git && echo "git:     $(git --version)"
have ssh && echo "ssh:     $(ssh -V 2>&1)"
[ "$PY_OK" = 1 ] && echo "python:  $(python3 -V 2>&1)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${NOTE:-}" ] && echo "note:    $NOTE"
for m in "${missing[@]}"; do echo "missing: $m — left out; install it to get these rows"; done
echo "sizes:   RECORDS=$RECORDS per suite, PY_RECORDS=$PY_RECORDS, GIT_N=$GIT_N, openssl speed -seconds $SPEED_SECONDS"

# --- builds (release) -----------------------------------------------------------------------------------
echo
echo "== building release binaries (scratch path $SCRATCH) =="
swift build -c release --scratch-path "$SCRATCH" --product ledger >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
LEDGER=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/ledger
(cd tools/bench && swift build -c release --scratch-path "../../$SCRATCH" >"$WORK/build.log" 2>&1) || { cat "$WORK/build.log"; exit 1; }
BENCH=$(cd tools/bench && swift build -c release --scratch-path "../../$SCRATCH" --show-bin-path)/ledger-bench
echo "ledger: $LEDGER"
echo "ledger-bench: $BENCH"

rows=()     # "label|ours|against|ratio" for the table
declare -A R # rates by key, for the markdown

# --- per suite ------------------------------------------------------------------------------------------
for suite in ed25519-sha256 sm2-sm3; do
    case $suite in
        ed25519-sha256) alg=ed25519 digest=sha256 name=Ed25519 dname=SHA-256 ;;
        sm2-sm3) alg=sm2 digest=sm3 name=SM2 dname=SM3 ;;
    esac
    dir="$OUT/$suite-$RECORDS"
    echo
    if [ ! -f "$dir/log.jsonl" ]; then
        rm -rf "$dir"
        echo "generating $dir (not timed here; ledger-bench prints its own signing rate):"
        "$BENCH" generate "$dir" "$RECORDS" "$suite" | sed -n 1p   # sed, not head: reads to the end, so no SIGPIPE under pipefail
    fi
    bytes=$(stat -c %s "$dir/log.jsonl")
    n=$(wc -l <"$dir/log.jsonl")
    echo "== $name ($suite): $n records, $(fmt "$bytes") bytes, $(fmt "$(calc 'b / n' b="$bytes" n="$n")") bytes a record =="

    read -r sign1 verify1 < <(speed_sig "$alg")
    read -r signN verifyA < <(speed_sig -multi "$CORES" "$alg")
    dps=$(speed_digest "$digest")
    echo "openssl speed $alg: sign $(fmt "$sign1")/s, verify $(fmt "$verify1")/s on one core; sign $(fmt "$signN")/s, verify $(fmt "$verifyA")/s with -multi $CORES"
    echo "openssl speed -evp $digest: $(fmt "$(calc 'd / 1e6' d="$dps")") MB/s on one core (1 KiB blocks)"

    # Replay, one core, in-process (ledger-bench replay prints its own rate; we keep ours from its numbers).
    line=$(/usr/bin/time -f "%U %S %M" -o "$WORK/time" "$BENCH" replay "$dir")
    echo "$line"
    replay=$(echo "$line" | sed -n 's/.* = \([0-9.]*\) records\/s.*/\1/p')
    read -r ru rs _ <"$WORK/time"
    hash_bound=$(calc 'd / (b / n)' d="$dps" b="$bytes" n="$n")
    replay_ratio=$(calc 'r / h' r="$replay" h="$hash_bound")
    # Records per CPU second: what a loaded machine does not change (replay runs on one core).
    replay_cpu=$(calc 'n / ((u + s) > 0 ? u + s : 0.01)' n="$n" u="$ru" s="$rs")  # /usr/bin/time counts in 10 ms
    replay_cpu_ratio=$(calc 'r / h' r="$replay_cpu" h="$hash_bound")
    echo "replay: $(fmt "$replay") records/s ($ru s user, $rs s system); $dname over each record's bytes once allows $(fmt "$hash_bound") records/s on one core → ratio $(fmt "$replay_ratio" 3); $(fmt "$replay_cpu") records per CPU second → ratio $(fmt "$replay_cpu_ratio" 3); the goal of issue 12 is 200,000 on one core"

    # Verify, all cores, the real CLI: one run, wall and CPU time from /usr/bin/time.
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$LEDGER" verify -L "$dir" >"$WORK/verify.out" 2>&1 || {
        echo "ledger verify FAILED:"; cat "$WORK/verify.out"; exit 1; }
    read -r t vu vs vrss <"$WORK/time"
    verify_load=$(cut -d' ' -f1 /proc/loadavg)
    # The all-core bound again right after, so a machine whose load changed during the run shows it; the
    # bound is the mean of the two measurements around verify.
    read -r _ verifyB < <(speed_sig -multi "$CORES" "$alg")
    verifyN=$(calc '(a + b) / 2' a="$verifyA" b="$verifyB")
    verify=$(calc 'n / t' n="$n" t="$t")
    bound=$(calc 'v / 2' v="$verifyN")
    verify_ratio=$(calc 'r / b' r="$verify" b="$bound")
    # CPU per signature against openssl's one-core rate: holds even while other processes load the machine.
    cpu_ratio=$(calc '(2 * n / (u + s)) / o' n="$n" u="$vu" s="$vs" o="$verify1")
    echo "$(head -1 "$WORK/verify.out")"
    echo "ledger verify: $(fmt "$t" 2) s = $(fmt "$verify") records/s ($(fmt "$(calc '2 * v' v="$verify")") signatures/s); bound $(fmt "$bound") records/s (openssl -multi $CORES verify/s ÷ 2; $(fmt "$verifyA") before, $(fmt "$verifyB") after) → ratio $(fmt "$verify_ratio" 2); load average $verify_load at its end"
    echo "  $vu s user + $vs s system CPU, peak RSS $(fmt "$(calc 'k / 1024' k="$vrss")") MB; CPU per signature against openssl's one core: ratio $(fmt "$cpu_ratio" 2)"
    rows+=("$name verify, all cores|$(fmt "$verify") rec/s|openssl bound $(fmt "$bound") rec/s|$(fmt "$verify_ratio" 2)")
    rows+=("$name replay, one core|$(fmt "$replay") rec/s|$dname over the bytes $(fmt "$hash_bound") rec/s|$(fmt "$replay_ratio" 3)")
    rows+=("$name replay, per CPU second|$(fmt "$replay_cpu") rec/s|$dname over the bytes $(fmt "$hash_bound") rec/s|$(fmt "$replay_cpu_ratio" 3)")
    R[$alg.verify]=$verify R[$alg.bound]=$bound R[$alg.vratio]=$verify_ratio R[$alg.replay]=$replay R[$alg.hash]=$hash_bound
    R[$alg.replaycpu]=$replay_cpu R[$alg.rcratio]=$replay_cpu_ratio
    R[$alg.rratio]=$replay_ratio R[$alg.cpuratio]=$cpu_ratio R[$alg.verify1]=$verify1 R[$alg.verifyN]=$verifyN

    # The second implementation on a prefix of the same ledger (a prefix of a valid log is a valid log).
    if [ "$PY_OK" = 1 ]; then
        pn=$((PY_RECORDS < n ? PY_RECORDS : n))
        pdir="$WORK/prefix-$suite"
        mkdir -p "$pdir"
        head -n "$pn" "$dir/log.jsonl" >"$pdir/log.jsonl"
        start=$(now)
        py_out=$(python3 tools/independent-verify.py "$pdir" 2>&1)
        end=$(now)
        py_rate=$(calc 'n / (e - s)' n="$pn" e="$end" s="$start")
        start=$(now)
        ours_out=$("$LEDGER" verify -L "$pdir" 2>&1 | sed -n 1p)
        end=$(now)
        ours_rate=$(calc 'n / (e - s)' n="$pn" e="$end" s="$start")
        py_head=$(echo "$py_out" | sed -n 's/^OK \([0-9]*\) records, head \([0-9a-f]*\).*/\1 \2/p')
        ours_head=$(echo "$ours_out" | sed -n 's/.*: \([0-9]*\) records verified, head \([0-9a-f]*\).*/\1 \2/p')
        # Tamper one progress note near the middle (the first progress record from there; the first 58 records
        # enrol 单位 and assign tasks): both must reject exactly that record first.
        k=$(awk -v h=$((pn / 2)) '/次报告/ { last = NR - 1; if (NR - 1 >= h) { print NR - 1; found = 1; exit } }
            END { if (!found) print (last == "" ? -1 : last) }' "$pdir/log.jsonl")
        awk -v k="$k" 'NR == k + 1 { sub(/次报告/, "次報告") } { print }' "$pdir/log.jsonl" >"$pdir/log.tampered"
        mv "$pdir/log.tampered" "$pdir/log.jsonl"
        py_bad=$(python3 tools/independent-verify.py "$pdir" 2>&1 | sed -n 's/^FAIL record \([0-9]*\):.*/\1/p')
        ours_bad=$("$LEDGER" verify -L "$pdir" 2>&1 | sed -n 's/^verification FAILED at record \([0-9]*\):.*/\1/p')
        if [ "$k" = -1 ]; then py_bad=-1 ours_bad=-1; fi  # no progress record among the first PY_RECORDS: heads only
        if [ -n "$py_head" ] && [ "$py_head" = "$ours_head" ] && [ "$py_bad" = "$k" ] && [ "$ours_bad" = "$k" ]; then
            agree="agrees"
        else
            agree="DISAGREES"
        fi
        echo "independent-verify.py on the first $pn records: $py_out"
        echo "  python $(fmt "$py_rate") records/s, ledger verify on the same prefix $(fmt "$ours_rate") records/s (process start included) → python/ours $(fmt "$(calc 'p / o' p="$py_rate" o="$ours_rate")" 3)"
        echo "  $agree: both accept $pn records with head ${ours_head#* } (python: ${py_head:-none}); record $k tampered → python fails at ${py_bad:-nothing}, ledger verify at ${ours_bad:-nothing}"
        rows+=("$name independent-verify.py ($pn records)|$(fmt "$py_rate") rec/s|ledger verify same prefix $(fmt "$ours_rate") rec/s|$(fmt "$(calc 'p / o' p="$py_rate" o="$ours_rate")" 3), $agree")
        R[$alg.py]=$py_rate R[$alg.pyours]=$ours_rate R[$alg.agree]=$agree R[$alg.pn]=$pn
        rm -rf "$pdir"
    fi
done

# --- git with signed commits, the peer --------------------------------------------------------------------
dir="$OUT/ed25519-sha256-$RECORDS"
echo
if [ "$GIT_OK" = 1 ]; then
    echo "== git $(git --version | cut -d' ' -f3) with SSH-signed commits: $GIT_N entries =="
    g="$WORK/git"
    mkdir -p "$g"
    ssh-keygen -q -t ed25519 -N '' -C compare@bench -f "$g/signing" >/dev/null
    echo "compare@bench namespaces=\"git\" $(cat "$g/signing.pub")" >"$g/allowed_signers"
    git init -q "$g/repo"
    gitc() {
        git -C "$g/repo" -c user.name=bench -c user.email=compare@bench -c gpg.format=ssh -c user.signingkey="$g/signing" \
            -c gpg.ssh.allowedSignersFile="$g/allowed_signers" "$@"
    }
    # The entries: statement lines of the Ed25519 ledger's progress records, one file each.
    tail -n "$GIT_N" "$dir/log.jsonl" >"$g/entries"
    mkdir -p "$g/repo/entries"
    i=0
    start=$(now)
    while IFS= read -r entry; do
        i=$((i + 1))
        f=$(printf 'entries/%06d.json' "$i")
        printf '%s\n' "$entry" >"$g/repo/$f"
        gitc add "$f" && gitc commit -q -S -m "entry $i" || { echo "git commit -S failed at entry $i"; break; }
    done <"$g/entries"
    end=$(now)
    git_append=$(calc 'n / (e - s)' n="$i" e="$end" s="$start")
    echo "append: $i × (git add + git commit -S) in $(fmt "$(calc 'e - s' e="$end" s="$start")" 2) s = $(fmt "$git_append" 1) entries/s (one ssh-keygen -Y sign each; git's default fsync settings)"
    start=$(now)
    good=$(gitc log --format=%G? | grep -c '^G$')
    end=$(now)
    git_verify=$(calc 'n / (e - s)' n="$i" e="$end" s="$start")
    echo "verify: git log --format=%G? with gpg.ssh.allowedSignersFile: $good of $i signatures good in $(fmt "$(calc 'e - s' e="$end" s="$start")" 2) s = $(fmt "$git_verify" 1) entries/s (one ssh-keygen -Y verify each)"
    [ "$good" = "$i" ] || echo "  WARNING: git reports $((i - good)) commits without a good signature"

    # Ours doing the same: one `ledger append progress` process per entry, on a copy of the same ledger.
    copy="$WORK/append-copy"
    cp -r "$dir" "$copy"
    # One untimed append first: a ledger generated by an older projector version (a reused BENCH_DIR) has
    # an admission cache whose projector state the appender cannot restore, so its first append replays
    # the whole log and rewrites the cache (FORMAT.md §1.1), a one-time cost that is not an append's.
    "$LEDGER" append progress -L "$copy" --task T1 --percent 0 --note "compare warm-up" \
        --key "$copy/keys/D2.key" --operator-key "$copy/keys/OFFICE.key" >/dev/null 2>"$WORK/append.err" || {
        echo "ledger append (warm-up) failed:"; cat "$WORK/append.err"; }
    start=$(now)
    j=0
    while [ "$j" -lt "$GIT_N" ]; do
        "$LEDGER" append progress -L "$copy" --task T1 --percent $((j % 100)) --note "compare $j" \
            --key "$copy/keys/D2.key" --operator-key "$copy/keys/OFFICE.key" >/dev/null 2>"$WORK/append.err" || {
            echo "ledger append failed at entry $j:"; cat "$WORK/append.err"; break; }
        j=$((j + 1))
    done
    end=$(now)
    ours_append=$(calc 'n / (e - s)' n="$j" e="$end" s="$start")
    echo "ours: $j × ledger append progress (sign + seal, admission check, fsync) on a copy of the $RECORDS-record ledger: $(fmt "$(calc 'e - s' e="$end" s="$start")" 2) s = $(fmt "$ours_append" 1) entries/s"
    rm -rf "$copy"
    rows+=("append one signed entry per process|$(fmt "$ours_append" 1) entries/s|git commit -S $(fmt "$git_append" 1) entries/s|$(fmt "$(calc 'a / b' a="$ours_append" b="$git_append")" 1)×")
    rows+=("verify every entry (Ed25519)|$(fmt "${R[ed25519.verify]}") rec/s|git log %G? $(fmt "$git_verify" 1) entries/s|$(fmt "$(calc 'a / b' a="${R[ed25519.verify]}" b="$git_verify")" 0)×")
    R[git.append]=$git_append R[git.verify]=$git_verify R[ours.append]=$ours_append
else
    echo "== git peer left out: ${missing[*]} =="
fi

# --- the table ---------------------------------------------------------------------------------------------
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== rates and ratios (one run, $(date -u '+%Y-%m-%d'), $machine) =="
printf '%-44s %-16s %-44s %s\n' "measurement" "ours" "against" "ratio"
for r in "${rows[@]}"; do
    IFS='|' read -r a b c d <<<"$r"
    printf '%-44s %-16s %-44s %s\n' "$a" "$b" "$c" "$d"
done

# The README's performance section: ratios first, then the rates and the machine. Printed, and with
# UPDATE_README=1 written into README.md between the two `tools/compare.sh` comment lines.
markdown() {
echo "| | Ed25519 | SM2 |"
echo "|---|---|---|"
echo "| **verify**, CPU per signature ÷ \`openssl speed\` on one core (holds on a busy machine) | **$(fmt "${R[ed25519.cpuratio]}" 2)** | **$(fmt "${R[sm2.cpuratio]}" 2)** |"
echo "| **verify**, wall clock on all cores ÷ OpenSSL bound (\`openssl speed -multi\` verify/s ÷ 2 signatures a record) | **$(fmt "${R[ed25519.vratio]}" 2)** | **$(fmt "${R[sm2.vratio]}" 2)** |"
echo "| **replay**, records per CPU second ÷ digest bound (SHA-256 / SM3 over each record's bytes once, one core) | **$(fmt "${R[ed25519.rcratio]}" 3)** | **$(fmt "${R[sm2.rcratio]}" 3)** |"
echo "| replay, wall clock ÷ digest bound | $(fmt "${R[ed25519.rratio]}" 3) | $(fmt "${R[sm2.rratio]}" 3) |"
if [ -n "${R[git.append]:-}" ]; then
    echo "| append one signed entry (a process each) ÷ \`git commit -S\` (SSH ed25519) | $(fmt "$(calc 'a / b' a="${R[ours.append]}" b="${R[git.append]}")" 1)× | |"
    echo "| verify ÷ \`git log --format=%G?\` per entry | $(fmt "$(calc 'a / b' a="${R[ed25519.verify]}" b="${R[git.verify]}")" 0)× | $(fmt "$(calc 'a / b' a="${R[sm2.verify]}" b="${R[git.verify]}")" 0)× |"
fi
if [ -n "${R[ed25519.py]:-}" ]; then
    echo "| \`tools/independent-verify.py\` ÷ \`ledger verify\` (first ${R[ed25519.pn]} records) | $(fmt "$(calc 'a / b' a="${R[ed25519.py]}" b="${R[ed25519.pyours]}")" 3), ${R[ed25519.agree]} | $(fmt "$(calc 'a / b' a="${R[sm2.py]}" b="${R[sm2.pyours]}")" 3), ${R[sm2.agree]} |"
fi
echo "| verify, records/s | $(fmt "${R[ed25519.verify]}") | $(fmt "${R[sm2.verify]}") |"
echo "| OpenSSL bound, records/s (verify/s one core; all cores) | $(fmt "${R[ed25519.bound]}") ($(fmt "${R[ed25519.verify1]}"); $(fmt "${R[ed25519.verifyN]}")) | $(fmt "${R[sm2.bound]}") ($(fmt "${R[sm2.verify1]}"); $(fmt "${R[sm2.verifyN]}")) |"
echo "| replay, records per CPU second (goal 200,000 on one core); records/s wall clock | $(fmt "${R[ed25519.replaycpu]}"); $(fmt "${R[ed25519.replay]}") | $(fmt "${R[sm2.replaycpu]}"); $(fmt "${R[sm2.replay]}") |"
if [ -n "${R[git.append]:-}" ]; then
    echo "| append, entries/s: \`ledger append\`; \`git commit -S\` | $(fmt "${R[ours.append]}" 1); $(fmt "${R[git.append]}" 1) | |"
    echo "| git verify, entries/s | $(fmt "${R[git.verify]}" 1) | |"
fi
if [ -n "${R[ed25519.py]:-}" ]; then
    echo "| \`independent-verify.py\`, records/s | $(fmt "${R[ed25519.py]}") | $(fmt "${R[sm2.py]}") |"
fi
echo
echo "Measured $(date -u '+%Y-%m-%d') with \`tools/compare.sh\` (RECORDS=$RECORDS, GIT_N=$GIT_N, PY_RECORDS=$PY_RECORDS) on $machine; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end${NOTE:+ ($NOTE)}."
}
echo
echo "== markdown for README.md (Performance) =="
echo
markdown | tee "$WORK/table.md"
if [ "${UPDATE_README:-0}" = 1 ]; then
    awk -v table="$WORK/table.md" '
        /^<!-- tools\/compare.sh table: begin/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
        /^<!-- tools\/compare.sh table: end/ { skip = 0 }
        !skip { print }' README.md >"$WORK/README.md" && cp "$WORK/README.md" README.md
    echo "README.md: the table between the tools/compare.sh comments is replaced by the one above"
fi
