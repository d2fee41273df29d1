// swift-tools-version: 6.1
// Benchmarks live in their own package so the main build and CI stay light.
import PackageDescription

let package = Package(
    name: "ledger-bench",
    products: [
        // The benchmark ledgers, for tools/benchmarks too.
        .library(name: "BenchLedger", targets: ["BenchLedger"])
    ],
    dependencies: [.package(name: "accountability-ledger", path: "../..")],
    targets: [
        .target(
            name: "BenchLedger",
            dependencies: [
                .product(name: "LedgerCore", package: "accountability-ledger"),
                .product(name: "LedgerCrypto", package: "accountability-ledger"),
                .product(name: "LedgerStore", package: "accountability-ledger"),
            ]
        ),
        .executableTarget(
            name: "ledger-bench",
            dependencies: [
                "BenchLedger",
                .product(name: "LedgerCore", package: "accountability-ledger"),
                .product(name: "LedgerCrypto", package: "accountability-ledger"),
                .product(name: "LedgerProjector", package: "accountability-ledger"),
                .product(name: "LedgerStore", package: "accountability-ledger"),
                .product(name: "LedgerTransparency", package: "accountability-ledger"),
            ]
        )
    ]
)
