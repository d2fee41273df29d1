// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "accountability-ledger",
    platforms: [.macOS(.v14)],
    products: [
        // `ledger`: every command, and no network code. A command that talks to a served ledger (`--server URL`,
        // `ledger mirror`) is handed, before it runs, to `ledger-remote` beside it (execv, same arguments), so
        // the binary an inspector audits offline holds no code that opens a connection, and no `ledger` process carries
        // URLSession, libcurl and gnutls (5 MB resident) it never uses.
        .executable(name: "ledger", targets: ["LedgerMain"]),
        // `ledger-remote`: the same commands with the network client, which `ledger` execs for them (as `git`
        // runs `git-remote-https`, so that `git` itself does not link libcurl).
        .executable(name: "ledger-remote", targets: ["LedgerRemoteMain"]),
        .library(name: "LedgerCrypto", targets: ["LedgerCrypto"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        .library(name: "LedgerProjector", targets: ["LedgerProjector"]),
        .library(name: "LedgerStore", targets: ["LedgerStore"]),
        .library(name: "LedgerReport", targets: ["LedgerReport"]),
        // The server is its own product so that `swift run ledger` never builds Hummingbird and SwiftNIO.
        .executable(name: "ledger-server", targets: ["LedgerServerCommand"]),
        .library(name: "LedgerServer", targets: ["LedgerServer"]),
        .library(name: "LedgerTransparency", targets: ["LedgerTransparency"]),
    ],
    dependencies: [
        // The ecosystem's standard for command-line parsing: --help on every command, typed options.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The server only (`ledger-server`): the ecosystem's HTTP server, its logging API and the service
        // group that turns SIGTERM into a graceful shutdown. No traits: swift-configuration is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
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
        // The served ledger's HTTP API as the commands use it: requests, answers, refusals, checked receipts.
        // No I/O of its own: it sends through the `HTTPTransport` it is given.
        .target(name: "LedgerServerAPI", dependencies: ["LedgerCore", "LedgerCrypto", "LedgerTransparency"]),
        // The network client: an `HTTPTransport` on Foundation's URLSession (FoundationNetworking and libcurl
        // on Linux). Only `ledger-remote` links it; nothing of the server's SwiftNIO stack is in it.
        .target(name: "LedgerClient", dependencies: ["LedgerServerAPI"]),
        // The commands of `ledger` and `ledger-remote`: argument parsing and printing only. How a command
        // reaches the network is given by the executable's main (`NetworkAccess`), so this library has no
        // network code and the command tree is written once.
        .target(
            name: "LedgerCommand",
            dependencies: [
                "LedgerCore", "LedgerProjector", "LedgerReport", "LedgerCrypto", "LedgerStore", "LedgerTransparency", "LedgerServerAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `ledger`'s main: the commands, handing those that need the network to `ledger-remote`.
        .executableTarget(name: "LedgerMain", dependencies: ["LedgerCommand"]),
        // `ledger-remote`'s main: the commands with LedgerClient's URLSession transport.
        .executableTarget(name: "LedgerRemoteMain", dependencies: ["LedgerCommand", "LedgerClient"]),
        // The ledger as an HTTP service: routes, handlers, one append thread per ledger, the app builder.
        .target(
            name: "LedgerServer",
            dependencies: [
                "LedgerCore", "LedgerProjector", "LedgerReport", "LedgerCrypto", "LedgerStore", "LedgerTransparency",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The `ledger-server` command: flags and environment in, `LedgerServer` run until SIGTERM.
        .executableTarget(
            name: "LedgerServerCommand",
            dependencies: [
                "LedgerServer", "LedgerCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
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
        .testTarget(name: "LedgerCommandTests", dependencies: ["LedgerMain", "LedgerCore", "LedgerCrypto", "LedgerTestSupport"]),
        .testTarget(
            name: "LedgerTransparencyTests", dependencies: ["LedgerTransparency", "LedgerCore", "LedgerCrypto", "LedgerTestSupport"]),
        .testTarget(name: "PlanDataTests", dependencies: ["LedgerTestSupport"]),
        // End-to-end tests of the real `ledger-server` driven by the real `ledger`, which hands its `--server`
        // commands to the real `ledger-remote` (all three binaries are built for them).
        .testTarget(
            name: "LedgerServerTests",
            dependencies: [
                "LedgerServerCommand", "LedgerServer", "LedgerMain", "LedgerRemoteMain", "LedgerCore", "LedgerCrypto", "LedgerTransparency",
                "LedgerTestSupport",
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
