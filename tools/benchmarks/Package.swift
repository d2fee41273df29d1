// swift-tools-version: 6.1
// package-benchmark (ordo-one/benchmark) counts allocations and instructions as well as time and compares
// against a saved baseline, so a regression shows without a quiet machine. It lives in its own package so
// the main build and CI never fetch or compile it.
import PackageDescription

let package = Package(
    name: "ledger-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "accountability-ledger", path: "../.."),
        .package(name: "ledger-bench", path: "../bench"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LedgerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BenchLedger", package: "ledger-bench"),
                .product(name: "LedgerCore", package: "accountability-ledger"),
                .product(name: "LedgerCrypto", package: "accountability-ledger"),
                .product(name: "LedgerProjector", package: "accountability-ledger"),
                .product(name: "LedgerStore", package: "accountability-ledger"),
                .product(name: "LedgerTransparency", package: "accountability-ledger"),
            ],
            path: "Benchmarks/LedgerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
