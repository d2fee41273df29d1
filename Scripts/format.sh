#!/usr/bin/env bash
# Applies the checked-in .swift-format to every Swift file of the package.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format --in-place --recursive --parallel Package.swift Sources Tests tools
