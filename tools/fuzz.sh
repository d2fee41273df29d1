#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of every parser that reads bytes from outside: the JSON parser,
# the record parser, the statement parser, the CSV and JSON Lines batch readers and the plan file reader.
#
#   tools/fuzz.sh [SECONDS] [TARGET…]      default 60 s per target, all targets
#
# How it builds (see tools/fuzz/README.md): LedgerCrypto and LedgerCore are compiled straight from
# Sources/ with `swiftc -sanitize=fuzzer,address` into static libraries (coverage instrumentation and
# AddressSanitizer, no libFuzzer main), then each target in tools/fuzz/targets/ is linked against them
# with libFuzzer's main. SwiftPM is not used because `-sanitize=fuzzer` on the whole package would
# also link the `ledger` executable (which has its own main) and the test targets.
#
# Each target starts from the committed seeds in tools/fuzz/seeds/TARGET (plus the corpus it grew in
# earlier runs, kept in .build-fuzz/corpus/TARGET), runs for SECONDS, and any crash, trap, sanitizer
# report, timeout (> 10 s per input, confirmed by re-running the input alone) or out-of-memory (> 2 GB) is a failure: the input is kept in
# .build-fuzz/crashes/TARGET/ and the script exits 1. It prints one line per target:
#   fuzz TARGET: executions N, crashes C, corpus K inputs, S s
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(json record statement batch-csv batch-jsonl plan); fi

out=.build-fuzz
mkdir -p "$out/lib"
flags=(-swift-version 6 -parse-as-library -O -sanitize=fuzzer,address
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility)
# gold warns about every ASan helper symbol; lld links the same binary quietly.
command -v ld.lld >/dev/null && flags+=(-use-ld=lld)

library() { # NAME: Sources/NAME → $out/lib/libNAME.a and NAME.swiftmodule
    local name=$1
    local sources
    mapfile -t sources < <(find "Sources/$name" -name '*.swift' | sort)
    swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$out/lib/$name.swiftmodule" \
        -emit-library -static -o "$out/lib/lib$name.a" -I "$out/lib" -I Sources/COpenSSL "${sources[@]}"
}
echo "building the fuzz targets (swiftc -sanitize=fuzzer,address) …"
library LedgerCrypto
library LedgerCore
for target in "${targets[@]}"; do
    swiftc "${flags[@]}" -module-name "Fuzz_${target//-/_}" -I "$out/lib" -I Sources/COpenSSL \
        "tools/fuzz/targets/$target.swift" -L "$out/lib" -lLedgerCore -lLedgerCrypto -lcrypto -o "$out/fuzz-$target"
done

failed=0
total_runs=0
for target in "${targets[@]}"; do
    corpus="$out/corpus/$target"
    crashes="$out/crashes/$target"
    rm -rf "$crashes"
    mkdir -p "$corpus" "$crashes"
    log="$out/fuzz-$target.log"
    status=0
    # detect_leaks=0: the Swift runtime's metadata caches live until exit and would read as leaks.
    # SWIFT_BACKTRACE=enable=no: a Swift trap is then reported by libFuzzer's own handler ("deadly
    # signal") instead of Swift's backtracer, whose memory reads AddressSanitizer flags as a second error.
    ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$out/fuzz-$target" "$corpus" "tools/fuzz/seeds/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    runs=${runs:-0}
    # A timeout is wall time: on a machine busy with other work an ordinary input can be starved past
    # the limit. Such an input is run again on its own three times; only one that is slow again counts.
    for unit in "$crashes"/timeout-*; do
        [ -e "$unit" ] || continue
        slow=0
        for _ in 1 2 3; do
            ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$out/fuzz-$target" -timeout=10 "$unit" \
                >>"$log.recheck" 2>&1 || slow=1
        done
        if [ "$slow" -eq 0 ]; then
            echo "  $target: timeout not reproduced in 3 runs of the input alone (machine busy); not counted" >&2
            rm -f "$unit"
            [ "$(find "$crashes" -type f | wc -l)" -eq 0 ] && status=0
        fi
    done
    found=$(find "$crashes" -type f | wc -l)
    if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then found=1; fi
    inputs=$(find "$corpus" -type f | wc -l)
    echo "fuzz $target: executions $runs, crashes $found, corpus $inputs inputs, ${seconds} s"
    total_runs=$((total_runs + runs))
    if [ "$found" -ne 0 ]; then
        failed=1
        echo "  FAILED (exit $status); inputs kept in $crashes/, log $log:" >&2
        grep -E "ERROR|Fatal error|SUMMARY|==[0-9]+==|deadly signal|Test unit written" "$log" | sed -n 1,20p >&2 || tail -20 "$log" >&2
    fi
done
echo "fuzz summary: targets ${#targets[@]}, executions $total_runs, failed $failed"
exit "$failed"
