import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// tools/independent-verify.py was written from docs/FORMAT.md alone (Python's standard library and the
/// openssl command). It must agree with `ledger verify` on valid ledgers and on where a tampered one fails:
/// that is what makes the format document a contract.
@Suite("A second verifier, written from the spec", .temporaryDirectory)
struct IndependentVerifierTests {
    static let script = CLI.repository.appendingPathComponent("tools/independent-verify.py").path

    /// (exit status, the record it names on failure, or the record count on success).
    static func python(_ path: String) throws -> (status: Int32, line: String) {
        let result = try ChildProcess.tool("python3", [script, path])
        return (result.status, result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func reference(_ cli: CLI, _ dir: String) throws -> JSONValue {
        try JSONValue.parse(try cli.run(["verify", "-L", dir, "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(
        "it accepts the golden ledgers of both versions with the same heads",
        arguments: [
            ("v1-ed25519-sha256", "OK 9 records, head 86d6937a2c55da1b500fcda7f0fc43a68321d50b938b7938983078658e75d938"),
            ("v1-sm2-sm3", "OK 9 records, head 829122fa8745932d926380fa47072150bb70051253536f5a32544dd6ff48df84"),
            ("v2-ed25519-sha256", "OK 27 records, head 1aefbcb889923d0eee63aaf5fe6ae8442163dbf384e94e12e547801e094abcd0"),
        ])
    func golden(name: String, expected: String) throws {
        let result = try Self.python(CLI.repository.appendingPathComponent("Tests/LedgerCoreTests/Fixtures/golden/\(name).jsonl").path)
        #expect(result.status == 0)
        #expect(result.line == expected)
    }

    /// The files of one demo year's ledger directory, by name.
    ///
    /// Every tamper case starts from the same year, and building it (keys, enrolments, a year of signed
    /// reports) is work the cases need not repeat: the first case to ask builds it, Swift's one-time
    /// initialisation of a static makes cases running in parallel wait for that build rather than start
    /// their own, and each case then writes its own copy. Only the bytes are kept, so nothing outlives
    /// the test that built them: its temporary directory, with the demo in it, goes when it ends.
    static let demoYear = Result { () throws -> [String: Data] in
        let cli = try CLI()
        try cli.ok(["demo", "--dir", "d", "--suite", "ed25519-sha256", "--quiet"])
        let ledger = cli.directory.appendingPathComponent("d/ledger")
        // The files verification reads (the log and its lock), not the appender's cache/ folder.
        let names = try FileManager.default.contentsOfDirectory(atPath: ledger.path).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: ledger.appendingPathComponent(name).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: ledger.appendingPathComponent($0))) })
    }

    @Test(
        "it agrees with ledger verify on a demo year and on where each tampered copy fails",
        arguments: [
            "none", "percent", "swap", "delete", "accepted", "torn",
        ])
    func demo(tamper: String) throws {
        let demo = try Self.demoYear.get()
        let cli = try CLI()
        let ledger = cli.directory.appendingPathComponent("d/ledger")
        try FileManager.default.createDirectory(at: ledger, withIntermediateDirectories: true)
        for (name, bytes) in demo where name != Ledger.logFileName { try bytes.write(to: ledger.appendingPathComponent(name)) }
        var lines = String(decoding: try #require(demo[Ledger.logFileName]), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        switch tamper {
        case "percent":
            let i = try #require(lines.indices.first { $0 > 120 && lines[$0].contains("\"percent\":") })
            lines[i] = lines[i].replacingOccurrences(of: "\"percent\":", with: "\"percent\":1")
        case "swap": lines.swapAt(150, 151)
        case "delete": lines.remove(at: 200)
        case "accepted":
            let last = lines.count - 2
            lines[last] = lines[last].replacingOccurrences(of: "\"accepted\":\"2024-", with: "\"accepted\":\"2025-")
        case "torn": lines[lines.count - 1] = "{\"accepted\":\"20"
        default: break
        }
        // Not an atomic write: Foundation would leave its staging directory behind in /tmp on Linux.
        try Data(lines.joined(separator: "\n").utf8).write(to: ledger.appendingPathComponent(Ledger.logFileName))
        let reference = try Self.reference(cli, "d/ledger")
        let second = try Self.python(cli.path("d/ledger"))
        if reference["valid"]?.boolValue == true {
            #expect(second.status == 0)
            #expect(second.line == "OK \(reference["records"]!.intValue!) records, head \(reference["head"]!.stringValue!)")
        } else {
            #expect(second.status == 1, "\(tamper): \(second.line)")
            let seq = reference["failure"]?["seq"]?.intValue ?? reference["records"]!.intValue!
            #expect(second.line.hasPrefix("FAIL record \(seq):"), "\(tamper): reference \(reference.canonicalString), python \(second.line)")
        }
    }
}
