#!/usr/bin/env bash
# The README's build of `ledger` for an offline machine: release, with the Swift runtime and Foundation
# linked in (`--static-swift-stdlib`). Checks that it links, that it loads no Swift library (so it runs
# where no Swift toolchain is installed), and that the binary alone builds the demo ledger, verifies it
# and writes the Chinese report. Run by .ci/run; about 4 minutes on 2 cores from a clean build.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-static}
swift build -c release --product ledger --static-swift-stdlib --scratch-path "$SCRATCH" 2>&1 | grep -E "error|Compiling|Build complete" | tail -3
ledger="$(swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)/ledger"
libraries=$(ldd "$ledger")
if echo "$libraries" | grep -E "libswift|libFoundation|lib_Foundation"; then
    echo "static-smoke: $ledger still loads a Swift library (above)"; exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy alone in an empty directory: nothing beside it to load.
cp "$ledger" "$work/ledger"
(
    cd "$work"
    ./ledger demo --dir demo --suite ed25519-sha256 --plan "$OLDPWD/ledger/plan.json" --departments "$OLDPWD/ledger/departments.json" --quiet >demo.out 2>&1 \
        || { cat demo.out; echo "static-smoke: ledger demo failed"; exit 1; }
    ./ledger verify -L demo/ledger >verify.out || { cat verify.out; echo "static-smoke: ledger verify failed"; exit 1; }
    tail -1 verify.out
    # Into a file, then grep: `ledger report | grep -q` fails under pipefail whenever grep, having found
    # the title on an early line, exits before the report is written out and `ledger` dies of SIGPIPE.
    ./ledger report -L demo/ledger >report.txt || { echo "static-smoke: ledger report failed"; exit 1; }
    grep -q "工作推进情况报告" report.txt || { echo "static-smoke: the report lacks its Chinese title"; exit 1; }
    ./ledger report -L demo/ledger --format html -o report.html
    grep -q "督" report.html || { echo "static-smoke: the HTML report lacks its Chinese text"; exit 1; }
)
echo "static-smoke: $(du -h "$ledger" | cut -f1) binary, links only: $(echo "$libraries" | awk '{print $1}' | tr '\n' ' ')"
