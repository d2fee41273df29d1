// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "accountability-ledger",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ledger", targets: ["LedgerCommand"]),
        .library(name: "LedgerCrypto", targets: ["LedgerCrypto"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        .library(name: "LedgerProjector", targets: ["LedgerProjector"]),
        .library(name: "LedgerStore", targets: ["LedgerStore"]),
        .library(name: "LedgerReport", targets: ["LedgerReport"]),
        .library(name: "LedgerTransparency", targets: ["LedgerTransparency"]),
    ],
    dependencies: [
        // The ecosystem's standard for command-line parsing: --help on every command, typed options.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // libcrypto through pkg-config; the only C the project touches.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Keys, signatures, digests: the only Swift code that holds a pointer.
        .target(name: "LedgerCrypto", dependencies: ["COpenSSL"]),
        // Canonical JSON, statements, records, the store and verification.
        .target(name: "LedgerCore", dependencies: ["LedgerCrypto"]),
        // Replays verified records into state and snapshots, and states the facts reports show. No I/O of its own.
        .target(name: "LedgerProjector", dependencies: ["LedgerCore"]),
        // The ledger directory as a whole: appends with the admission cache, snapshots, projections at a cut.
        .target(name: "LedgerStore", dependencies: ["LedgerCore", "LedgerProjector", "LedgerCrypto"]),
        // Renders a projected state as text, Markdown, CSV, JSON or HTML. Pure: no I/O.
        .target(name: "LedgerReport", dependencies: ["LedgerProjector", "LedgerCore"]),
        // RFC 6962 Merkle tree over the record hashes, tlog tiles, C2SP signed notes, checkpoints and
        // cosignatures, inclusion and consistency proofs: what lets others check the log is append-only.
        .target(name: "LedgerTransparency", dependencies: ["LedgerCore", "LedgerCrypto"]),
        // The `ledger` command: argument parsing and printing only.
        .executableTarget(
            name: "LedgerCommand",
            dependencies: [
                "LedgerCore", "LedgerProjector", "LedgerReport", "LedgerCrypto", "LedgerStore", "LedgerTransparency",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: per-test temporary directories that remove themselves, and the
        // rule for the workspace's shared/ folder (skip in a plain clone, required on CI).
        .target(name: "LedgerTestSupport", path: "Tests/LedgerTestSupport"),
        .testTarget(name: "LedgerCryptoTests", dependencies: ["LedgerCrypto", "LedgerTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "LedgerCoreTests", dependencies: ["LedgerCore", "LedgerCrypto", "LedgerTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "LedgerProjectorTests", dependencies: ["LedgerProjector", "LedgerCore", "LedgerCrypto"]),
        .testTarget(name: "LedgerReportTests", dependencies: ["LedgerReport", "LedgerProjector", "LedgerCore"]),
        // End-to-end tests run the built `ledger` binary; depending on its target makes `swift test` build it.
        .testTarget(name: "LedgerCommandTests", dependencies: ["LedgerCommand", "LedgerCore", "LedgerCrypto", "LedgerTestSupport"]),
        .testTarget(
            name: "LedgerTransparencyTests", dependencies: ["LedgerTransparency", "LedgerCore", "LedgerCrypto", "LedgerTestSupport"]),
        .testTarget(name: "PlanDataTests", dependencies: ["LedgerTestSupport"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
