import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Receipts from a served ledger: `submit --server … --receipts`, `sign … --submit --receipts` and
/// `receipt SEQ --server` write the same checkpointed receipts as on the office's machine, checked
/// against the office key the department holds, and refuse what does not verify.
@Suite("ledger-server receipts", .temporaryDirectory)
struct ServedReceiptTests {
    @Test("receipts from the server verify offline after the server's directory is gone")
    func receiptsOutliveTheServer() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        let file = try cli.signProgress("SWLSJ", task: "1.1", percent: 20, file: "s10.json")
        let submitted = try cli.ok(["submit", "--server", server.url, file, "--receipts", ".", "--office-key", "office.pub"])
        #expect(submitted.stderr.contains("verified against the office key"), "\(submitted.stderr)")
        try cli.ok([
            "sign", "progress", "--ledger-id", "pingjiang-2023", "--key", "kgxj.key", "--dept", "KGXJ", "--task", "1.2", "--percent", "30", "--submit",
            "--server", server.url, "--receipts", ".", "--office-key", "office.pub",
        ])
        try cli.ok(["receipt", "3", "--server", server.url, "--office-key", "office.pub", "--out-dir", "."])

        // Without the office key nothing is submitted; with the wrong one the receipt is refused and not written.
        let unpinned = try cli.run(["submit", "--server", server.url, try cli.signProgress("ZJJ", task: "1.3", percent: 5, file: "z.json"), "--receipts", "."])
        #expect(unpinned.status != 0 && unpinned.stderr.contains("--office-key"), "\(unpinned.stderr)")
        let wrongKey = try cli.run(["receipt", "5", "--server", server.url, "--office-key", "inspector.pub", "--out-dir", "."])
        #expect(wrongKey.status == 1 && wrongKey.stderr.contains("does not verify against the office key"), "\(wrongKey.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("receipt-5.json")))
        server.stop()
        try FileManager.default.removeItem(atPath: cli.path("L"))

        for (seq, what) in [(10, "SWLSJ progress"), (11, "KGXJ progress"), (3, "ZBBGS key-enrolled")] {
            let verified = try cli.ok(["prove", "verify-inclusion", "receipt-\(seq).json", "--key", "office.pub"])
            #expect(verified.stdout.contains("record \(seq)") && verified.stdout.contains(what), "\(verified.stdout)")
        }
        #expect(try cli.read("receipt-10.json").count > 0)
        #expect(!FileManager.default.fileExists(atPath: cli.path("receipt-12.json")), "the unpinned submission appended nothing")
    }

    @Test("a receipt whose proof was tampered with on the way, or that is of another record, is refused and not written")
    func tamperedProofRefused() throws {
        let cli = try LedgerCLI.ledger()
        do {
            let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
            defer { server.stop() }
            try cli.ok(["receipt", "8", "--server", server.url, "--office-key", "office.pub", "--out-dir", "."])
        }
        // A web server that answers `proof/inclusion?seq=…` with a file of our making (http.server ignores the query).
        let honest = try JSONValue.parse([UInt8](try cli.read("receipt-8.json")))
        var object = try #require(honest.objectValue)
        let items = try #require(object["proof"]?.arrayValue)
        var path = items.compactMap { $0.stringValue }
        try #require(!path.isEmpty)
        var bytes = try #require(Data(base64Encoded: path[0]))
        bytes[0] ^= 0x01
        path[0] = bytes.base64EncodedString()
        object["proof"] = .array(path.map { .string($0) })
        try FileManager.default.createDirectory(atPath: cli.path("W/proof"), withIntermediateDirectories: true)
        try Data(JSONValue.object(object).canonicalBytes + [0x0A]).write(to: URL(fileURLWithPath: cli.path("W/proof/inclusion")))
        let web = try StaticWebServer(directory: cli.path("W"), log: cli.directory.appendingPathComponent("web.out"))
        defer { web.stop() }
        let tampered = try cli.run(["receipt", "8", "--server", web.url, "--office-key", "office.pub", "--out-dir", "T"])
        #expect(tampered.status == 1 && tampered.stderr.contains("does not verify against the office key"), "\(tampered.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("T/receipt-8.json")))
        // The honest receipt of record 8, offered as the receipt of record 9.
        try cli.read("receipt-8.json").write(to: URL(fileURLWithPath: cli.path("W/proof/inclusion")))
        let other = try cli.run(["receipt", "9", "--server", web.url, "--office-key", "office.pub", "--out-dir", "."])
        #expect(other.status == 1 && other.stderr.contains("carries another record"), "\(other.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("receipt-9.json")))
    }
}

/// `python3 -m http.server` on an ephemeral loopback port, serving `directory`.
final class StaticWebServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    init(directory: String, log: URL) throws {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory]
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        var port: Int?
        while port == nil && process.isRunning {
            let text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            if let range = text.range(of: "port ") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber })
            } else {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        guard let port else { throw ServerFailure(description: "python3 -m http.server did not start") }
        self.port = port
    }

    /// SIGKILL: a child of the test process inherits its blocked SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
