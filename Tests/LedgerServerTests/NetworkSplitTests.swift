import Foundation
import LedgerTestSupport
import Testing

/// `ledger` has no network code: a command that talks to a served ledger is handed, before it does
/// anything, to `ledger-remote` beside it, which runs it with the same arguments and streams.
@Suite("ledger without network code, ledger-remote with it", .temporaryDirectory)
struct NetworkSplitTests {
    /// The shared libraries `binary` loads, as `ldd` lists them.
    static func libraries(_ binary: URL) throws -> String {
        let listed = try ChildProcess.tool("ldd", [binary.path])
        try #require(listed.status == 0, "ldd \(binary.path): \(listed.stderr)")
        return listed.stdout
    }

    @Test("ledger links neither FoundationNetworking nor libcurl; ledger-remote, which it hands --server to, links both")
    func noNetworkLibraries() throws {
        let ledger = try Self.libraries(Binaries.ledger)
        #expect(ledger.contains("libFoundation"), "ldd lists Foundation for ledger: \(ledger)")
        #expect(!ledger.contains("FoundationNetworking"), "\(ledger)")
        #expect(!ledger.contains("libcurl"), "\(ledger)")
        let remote = try Self.libraries(Binaries.remote)
        #expect(remote.contains("libFoundationNetworking") && remote.contains("libcurl"), "\(remote)")
    }

    @Test("a --server command, sign --submit or a mirror without ledger-remote beside ledger says what to build, exits 2 and writes nothing")
    func remoteMissing() throws {
        let cli = try LedgerCLI()
        let alone = cli.directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        let ledger = alone.appendingPathComponent("ledger")
        try FileManager.default.copyItem(at: Binaries.ledger, to: ledger)
        // Offline the copy is the whole tool.
        let generated = try runProcess(ledger, ["key", "generate", "--out", "swlsj"], in: cli.directory, environment: cli.environment)
        #expect(generated.status == 0, "\(generated.stderr)")
        let url = "http://127.0.0.1:9"
        for arguments in [
            ["state", "--server", url], ["verify", "--server", url], ["mirror", url, "M"],
            [
                "sign", "progress", "--ledger-id", "pingjiang-2023", "--key", "swlsj.key", "--dept", "SWLSJ", "--task", "1.1", "--percent", "30", "--submit",
                "--server", url, "-o", "s.json",
            ],
        ] {
            let result = try runProcess(ledger, arguments, in: cli.directory, environment: cli.environment)
            #expect(result.status == 2, "ledger \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(
                result.stderr.contains("through ledger-remote, which is not built: ") && result.stderr.contains("/bin/ledger-remote is missing")
                    && result.stderr.contains("swift build --product ledger-remote"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        // Handed over before it ran: the statement was neither signed into s.json nor the mirror begun.
        #expect(!FileManager.default.fileExists(atPath: cli.path("s.json")))
        #expect(!FileManager.default.fileExists(atPath: cli.path("M")))
    }

    @Test("ledger hands a --server command to ledger-remote with its arguments: ledger-remote's answer, streams and exit status are the command's")
    func handedOver() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        defer { server.stop() }
        let file = try cli.signProgress("SWLSJ", task: "1.1", percent: 20, file: "s.json")
        let submitted = try cli.ok(["submit", "--server", server.url, file, "--json"])
        let direct = try runProcess(Binaries.remote, ["log", "--json", "--server", server.url], in: cli.directory, environment: cli.environment)
        #expect(direct.status == 0 && direct.stdout.contains("\"type\":\"progress\""), "\(direct.stderr)")
        #expect(try cli.ok(["log", "--json", "--server", server.url]).stdout == direct.stdout)
        #expect(submitted.stdout.contains("\"seq\":10"), "\(submitted.stdout)")
        // A refusal from the server: ledger-remote's message on ledger's standard error, and its exit status.
        let replay = try cli.run(["submit", "--server", server.url, file])
        #expect(replay.status == 2 && replay.stderr.hasPrefix("ledger: error: refused by the server (HTTP 409)"), "\(replay.stderr)")
        server.stop()
        let unreachable = try cli.run(["state", "--server", server.url])
        #expect(unreachable.status == 2 && unreachable.stderr.contains("cannot reach \(server.url)/state"), "\(unreachable.stderr)")
    }
}
