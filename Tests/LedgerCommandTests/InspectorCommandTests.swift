import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

@Suite("Inspectors cosign and audit through the ledger command", .temporaryDirectory)
struct InspectorCommandTests {
    /// The small ledger with an inspector (XJW) enrolled, one progress report (7 records), a checkpoint
    /// of it, and the inspector's first cosignature (state in `insp/`).
    static func cosigned(suite: String = "ed25519-sha256") throws -> CLI {
        let cli = try CLI.smallLedger(suite: suite)
        try cli.ok(["key", "generate", "--suite", suite, "--out", "xjw"])
        try cli.ok([
            "key", "enroll", "xjw.pub", "--dept", "XJW", "--name", "县纪委监委", "--role", "inspector", "-L", "L", "--key", "office.key", "--accepted-at",
            "2023-01-05T00:00:00Z",
        ])
        try progress(cli, percent: "30", at: "2023-04-01T00:00:00Z")
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        try cosign(cli)
        return cli
    }

    static func progress(_ cli: CLI, ledger: String = "L", percent: String, at time: String) throws {
        try cli.ok([
            "append", "progress", "-L", ledger, "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", percent, "--accepted-at",
            time,
        ])
    }

    @discardableResult
    static func cosign(_ cli: CLI, ledger: String = "L") throws -> CLI.Result {
        try cli.ok(["cosign", "-L", ledger, "--key", "xjw.key", "--state", "insp"])
    }

    /// The office replaces its ledger `L` by another one (`other`): the log and the checkpoints, as a
    /// dishonest office with the disk and the keys could.
    static func substitute(_ cli: CLI, with other: String) throws {
        let fm = FileManager.default
        try fm.removeItem(atPath: cli.path("L/log.jsonl"))
        try fm.copyItem(atPath: cli.path("\(other)/log.jsonl"), toPath: cli.path("L/log.jsonl"))
        for name in ["checkpoint", "checkpoints"] {
            try fm.removeItem(atPath: cli.path("L/\(name)"))
            try fm.copyItem(atPath: cli.path("\(other)/\(name)"), toPath: cli.path("L/\(name)"))
        }
        try? fm.removeItem(atPath: cli.path("L/cache/admission"))
    }

    /// Signs a fresh checkpoint of `ledger` after deleting the ones it had (they contradict it).
    static func republish(_ cli: CLI, ledger: String) throws {
        try? FileManager.default.removeItem(atPath: cli.path("\(ledger)/checkpoints"))
        try? FileManager.default.removeItem(atPath: cli.path("\(ledger)/checkpoint"))
        try cli.ok(["checkpoint", "-L", ledger, "--operator-key", "office.key"])
    }

    static func evidenceDirectory(_ cli: CLI) throws -> String {
        let root = cli.path("insp/pingjiang-2023/evidence")
        let runs = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        return root + "/" + (try #require(runs.last))
    }

    @Test("audit and cosign have --help", arguments: ["audit", "cosign"])
    func help(command: String) throws {
        let result = try CLI().run([command, "--help"])
        #expect(result.status == 0 && result.stdout.contains("USAGE"))
    }

    @Test(
        "A forked log (another record 7, sealed too) is caught at the inspector's next cosign, with the evidence written",
        arguments: ["ed25519-sha256", "sm2-sm3"])
    func forkCaught(suite: String) throws {
        let cli = try Self.cosigned(suite: suite)
        try FileManager.default.copyItem(atPath: cli.path("L"), toPath: cli.path("B"))
        // The ledger the inspector sees grows with record 7 = 40%; the cosignature covers it.
        try Self.progress(cli, percent: "40", at: "2023-05-01T00:00:00Z")
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        try Self.cosign(cli)
        // The other ledger has another record 7 (45%), sealed, and one more; the office then shows it.
        try Self.progress(cli, ledger: "B", percent: "45", at: "2023-05-01T00:00:00Z")
        try Self.progress(cli, ledger: "B", percent: "50", at: "2023-05-02T00:00:00Z")
        try Self.republish(cli, ledger: "B")
        try Self.substitute(cli, with: "B")
        try cli.ok(["verify", "-L", "L"])  // every record of the fork is valid on its own

        let alarm = try cli.run(["cosign", "-L", "L", "--key", "xjw.key", "--state", "insp"])
        #expect(alarm.status == 1)
        #expect(alarm.stderr.contains("ALARM") && alarm.stderr.contains("not consistent with the 8"), "\(alarm.stderr)")
        #expect(alarm.stderr.contains("record 7 is the first that differs"), "\(alarm.stderr)")
        let evidence = try Self.evidenceDirectory(cli)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: evidence))
        #expect(files == ["alarm.txt", "cosigned-checkpoint", "offered-checkpoint", "consistency-proof.json", "first-differing-record.json"])
        let differing = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: evidence + "/first-differing-record.json")).dropLast()))
        #expect(differing["seq"]?.intValue == 7)
        #expect(differing["logRecord"]?.stringValue?.contains("\"percent\":45") == true)
        // Both checkpoints carry the office's signature, and the proof between them is rejected by anyone.
        let rejected = try cli.run(["prove", "verify-consistency", evidence + "/consistency-proof.json", "--key", "office.pub"])
        #expect(rejected.status == 1 && rejected.stderr.contains("proof rejected"), "\(rejected.stderr)")
        // The state did not move: the next cosign raises the same alarm, and an audit too.
        #expect(try cli.run(["cosign", "-L", "L", "--key", "xjw.key", "--state", "insp"]).status == 1)
        #expect(try cli.run(["audit", "-L", "L", "--key", "xjw.key", "--state", "insp"]).status == 1)
    }

    @Test("A log truncated below the cosigned checkpoint and regrown is caught; so is one only truncated")
    func truncatedAndRegrown() throws {
        let cli = try Self.cosigned()
        try FileManager.default.copyItem(atPath: cli.path("L"), toPath: cli.path("keep"))
        TransparencyCommandTests.truncateLog(cli, ledger: "L", to: 6)
        try Self.progress(cli, percent: "10", at: "2023-04-01T00:00:00Z")
        try Self.progress(cli, percent: "20", at: "2023-04-02T00:00:00Z")
        try Self.republish(cli, ledger: "L")
        let regrown = try cli.run(["cosign", "-L", "L", "--key", "xjw.key", "--state", "insp"])
        #expect(regrown.status == 1 && regrown.stderr.contains("ALARM") && regrown.stderr.contains("record 6 is the first that differs"), "\(regrown.stderr)")

        TransparencyCommandTests.truncateLog(cli, ledger: "L", to: 5)
        try Self.republish(cli, ledger: "L")
        let cut = try cli.run(["audit", "-L", "L", "--key", "xjw.key", "--state", "insp"])
        #expect(cut.status == 1 && cut.stderr.contains("fewer than the 7 this inspector cosigned"), "\(cut.stderr)")
    }

    @Test("The incremental audit after new records agrees with a full verify, valid or not", arguments: [1, 25], [false, true])
    func auditEqualsVerify(newRecords: Int, tamper: Bool) throws {
        let cli = try Self.cosigned()
        var rows = ["type,task,percent,metrics,note,evidence,reason,until,time"]
        for n in 0..<newRecords { rows.append("progress,1.6,\(31 + n),,第\(n)次,,,,") }
        try cli.write("new.csv", rows.joined(separator: "\n") + "\n")
        try cli.ok(["append", "--batch", "new.csv", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key"])
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        if tamper {
            // The last new record's department signature loses a bit (the checkpoint no longer matches either).
            var lines = try cli.read("L/log.jsonl").split(separator: 0x0A).map(Array.init)
            let last = lines.count - 1
            let marker = Array("\"sig\":\"".utf8)
            let at = try #require(lines[last].indices.first { lines[last][$0...].starts(with: marker) }) + marker.count
            lines[last][at] = lines[last][at] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            try Data(lines.map { $0 + [0x0A] }.joined()).write(to: URL(fileURLWithPath: cli.path("L/log.jsonl")))
        }
        let verify = try cli.run(["verify", "-L", "L", "--json"])
        let audit = try cli.run(["audit", "-L", "L", "--key", "xjw.key", "--state", "insp", "--json"])
        #expect(verify.status == audit.status, "verify: \(verify.stdout) audit: \(audit.stdout) \(audit.stderr)")
        if tamper {
            let seq = try JSONValue.parse(verify.stdout.trimmingCharacters(in: .whitespacesAndNewlines))["failure"]?["seq"]?.intValue
            #expect(seq == 7 + newRecords - 1)
            #expect(audit.status == 1 && audit.stderr.contains("record \(7 + newRecords - 1)"), "\(audit.stderr)")
        } else {
            let report = try JSONValue.parse(audit.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(report["recordsChecked"]?.intValue == newRecords)
            #expect(report["previousSize"]?.intValue == 7)
            let cosigned = try Self.cosign(cli)
            #expect(cosigned.stdout.contains("records 7…\(6 + newRecords) verified"))
        }
    }

    @Test("verify --checkpoint names who cosigned, and fails on a cosignature that does not verify")
    func verifyReportsCosignatures() throws {
        let cli = try Self.cosigned()
        let shown = try cli.ok(["verify", "-L", "L", "--checkpoint", "L/checkpoint", "--json"])
        let report = try JSONValue.parse(shown.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(report["checkpoint"]?["cosignatures"]?[0]?["dept"]?.stringValue == "XJW")
        try InspectorCommandTests.breakCosignature(cli, to: "bad-cosignature")
        let failed = try cli.run(["verify", "-L", "L", "--checkpoint", "bad-cosignature"])
        #expect(failed.status == 1 && failed.stdout.contains("cosignature that does not verify"), "\(failed.stdout)")
    }

    @Test("The inspector refuses a state someone else edited, and a department key cannot cosign")
    func stateAndKeyRefused() throws {
        let cli = try Self.cosigned()
        try Self.progress(cli, percent: "40", at: "2023-05-01T00:00:00Z")
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        let department = try cli.run(["cosign", "-L", "L", "--key", "swlsj.key", "--state", "dept-state"])
        #expect(department.status == 2 && department.stderr.contains("not an active inspector key"), "\(department.stderr)")
        let path = cli.path("insp/pingjiang-2023/state")
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        try Data(text.replacingOccurrences(of: "\"size\":7", with: "\"size\":6").utf8).write(to: URL(fileURLWithPath: path))
        let refused = try cli.run(["audit", "-L", "L", "--key", "xjw.key", "--state", "insp"])
        #expect(refused.status == 2 && refused.stderr.contains("not signed by this inspector key"), "\(refused.stderr)")
    }

    @Test("A cosignature verifies with the openssl command line as FORMAT.md §12.4 says", arguments: ["ed25519-sha256", "sm2-sm3"])
    func cosignatureWithOpenSSL(suite: String) throws {
        let cli = try Self.cosigned(suite: suite)
        let note = try cli.read("L/checkpoint")
        let lines = note.split(separator: 0x0A, omittingEmptySubsequences: false)
        let cosignature = String(decoding: try #require(lines.first { String(decoding: $0, as: UTF8.self).contains("/XJW ") }), as: UTF8.self)
        let payload = try #require(Data(base64Encoded: String(cosignature.split(separator: " ")[2])))
        let time = payload.dropFirst(4).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let message = Data("cosignature/v1\ntime \(time)\n".utf8) + Data(lines.prefix(3).map { $0 + [0x0A] }.joined())
        try message.write(to: URL(fileURLWithPath: cli.path("msg.bin")))
        try payload.dropFirst(12).write(to: URL(fileURLWithPath: cli.path("sig.bin")))
        let sm2 = suite == "sm2-sm3" ? ["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"] : []
        let result = try OpenSSL.run(
            ["pkeyutl", "-verify", "-rawin"] + sm2 + ["-pubin", "-inkey", "xjw.pub", "-in", "msg.bin", "-sigfile", "sig.bin"], in: cli)
        #expect(result.contains("Signature Verified Successfully"), "\(result)")
    }
}

/// Runs the `openssl` command in a test's directory.
enum OpenSSL {
    static func run(_ arguments: [String], in cli: CLI) throws -> String {
        let result = try ChildProcess.tool("openssl", arguments, in: cli.directory)
        return result.stdout + result.stderr
    }
}

extension TransparencyCommandTests {
    /// Cuts `ledger`'s log to its first `records` records and drops the office's admission cache.
    static func truncateLog(_ cli: CLI, ledger: String, to records: Int) {
        let lines = (try? cli.read("\(ledger)/log.jsonl"))?.split(separator: 0x0A).prefix(records) ?? []
        try? Data(lines.map { $0 + [0x0A] }.joined()).write(to: URL(fileURLWithPath: cli.path("\(ledger)/log.jsonl")))
        try? FileManager.default.removeItem(atPath: cli.path("\(ledger)/cache/admission"))
    }
}

@Suite("Offline audit bundles through the ledger command", .temporaryDirectory)
struct BundleCommandTests {
    /// A cosigned ledger of 9 records, the older checkpoint of 7 kept as `cp7`, and a bundle of records
    /// 6…8 with a consistency proof from `cp7` and one evidence file.
    static func bundled(suite: String = "ed25519-sha256") throws -> CLI {
        let cli = try InspectorCommandTests.cosigned(suite: suite)
        try FileManager.default.copyItem(atPath: cli.path("L/checkpoint"), toPath: cli.path("cp7"))
        try InspectorCommandTests.progress(cli, percent: "40", at: "2023-05-01T00:00:00Z")
        try InspectorCommandTests.progress(cli, percent: "50", at: "2023-06-01T00:00:00Z")
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        try InspectorCommandTests.cosign(cli)
        try cli.write("minutes.txt", "督查会议纪要\n")
        try cli.ok(["bundle", "-L", "L", "--from", "6", "--since", "cp7", "--evidence", "minutes.txt", "-o", "audit.bundle"])
        return cli
    }

    @Test(
        "A bundle verifies with nothing else: the records, the office's signature, the cosignature, the consistency and the evidence",
        arguments: ["ed25519-sha256", "sm2-sm3"])
    func verifiesAlone(suite: String) throws {
        let cli = try Self.bundled(suite: suite)
        try FileManager.default.removeItem(atPath: cli.path("L"))
        let result = try cli.ok(["verify", "--bundle", "audit.bundle", "--key", "office.pub", "--json"])
        let report = try JSONValue.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(report["valid"]?.boolValue == true)
        #expect(report["first"]?.intValue == 6 && report["count"]?.intValue == 3 && report["treeSize"]?.intValue == 9)
        #expect(report["consistentFrom"]?.intValue == 7)
        #expect(report["cosignatures"]?[0]?["dept"]?.stringValue == "XJW")
        #expect(report["evidence"]?.arrayValue?.count == 1)
        let text = try cli.ok(["verify", "--bundle", "audit.bundle"])
        #expect(text.stdout.contains("records 6…8 verified") && text.stdout.contains("compare it with the office's"))
        let wrongKey = try cli.run(["verify", "--bundle", "audit.bundle", "--key", "swlsj.pub"])
        #expect(wrongKey.status == 1 && wrongKey.stderr.contains("no signature by a known key"))
    }

    /// Mutations of a bundle: each must be rejected.
    static let mutations: [(String, @Sendable (inout [String]) -> Void)] = [
        (
            "a record's body changed",
            { lines in lines[lines.count - 2] = lines[lines.count - 2].replacingOccurrences(of: #"\"percent\":50"#, with: #"\"percent\":55"#) }
        ),
        ("a record dropped", { lines in lines.remove(at: lines.count - 3) }),
        ("two records swapped", { lines in lines.swapAt(lines.count - 2, lines.count - 3) }),
        ("a proof hash changed", { lines in lines[lines.count - 2] = Self.flipFirstProofHash(lines[lines.count - 2]) }),
        ("a key record's proof changed", { lines in lines[3] = Self.flipFirstProofHash(lines[3]) }),
        ("the checkpoint's root changed", { lines in lines[1] = Self.flip(lines[1], after: #"\n9\n"#) }),
        ("the cosignature changed", { lines in lines[1] = Self.flip(lines[1], after: "/XJW ", offset: 20) }),
        ("the older checkpoint's root changed", { lines in lines[2] = Self.flip(lines[2], after: #"\n7\n"#) }),
        ("the evidence changed", { lines in lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(of: #""data":"5"#, with: #""data":"6"#) }),
        ("the header's count changed", { lines in lines[0] = lines[0].replacingOccurrences(of: #""count":3"#, with: #""count":2"#) }),
        ("an unknown member added", { lines in lines[0] = lines[0].replacingOccurrences(of: #"{"count""#, with: #"{"comment":"x","count""#) }),
    ]

    static func flip(_ line: String, after marker: String, offset: Int = 2) -> String {
        guard let range = line.range(of: marker) else { return line }
        var scalars = Array(line.unicodeScalars)
        let at = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: range.upperBound) + offset
        scalars[at] = scalars[at] == "A" ? "B" : "A"
        return String(String.UnicodeScalarView(scalars))
    }

    static func flipFirstProofHash(_ line: String) -> String { flip(line, after: #""proof":[""#, offset: 0) }

    @Test("A tampered bundle is rejected", arguments: 0..<11)
    func tamperedRejected(mutation: Int) throws {
        let cli = try Self.bundled()
        var lines = String(decoding: try cli.read("audit.bundle"), as: UTF8.self).split(separator: "\n").map(String.init)
        let original = lines
        Self.mutations[mutation].1(&lines)
        #expect(lines != original, "the mutation \(Self.mutations[mutation].0) changed nothing")
        try cli.write("tampered.bundle", lines.joined(separator: "\n") + "\n")
        let result = try cli.run(["verify", "--bundle", "tampered.bundle", "--key", "office.pub"])
        #expect(result.status != 0 && result.stderr.contains("error"), "\(Self.mutations[mutation].0): \(result.stdout)")
    }
}

@Suite("The independent verifier checks checkpoints, cosignatures, proofs and bundles from FORMAT.md §12", .temporaryDirectory)
struct IndependentTransparencyTests {
    /// Runs tools/independent-verify.py with `arguments` in the test's directory.
    static func python(_ cli: CLI, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try ChildProcess.tool("python3", [IndependentVerifierTests.script] + arguments, in: cli.directory)
        return (result.status, result.stdout)
    }

    @Test(
        "It finds the log contains a cosigned checkpoint and names the inspector, and rejects a broken cosignature", arguments: ["ed25519-sha256", "sm2-sm3"])
    func checkpointAndCosignature(suite: String) throws {
        let cli = try InspectorCommandTests.cosigned(suite: suite)
        let good = try Self.python(cli, ["L", "--checkpoint", "L/checkpoint"])
        #expect(good.status == 0 && good.output.contains("OK checkpoint 7 contained") && good.output.contains("OK cosigned by XJW"), "\(good.output)")
        try InspectorCommandTests.breakCosignature(cli, to: "bad")
        let bad = try Self.python(cli, ["L", "--checkpoint", "bad"])
        #expect(bad.status == 1 && bad.output.contains("cosignature of accountability-ledger/pingjiang-2023/XJW does not verify"), "\(bad.output)")
        InspectorCommandTests.truncateLogForPython(cli, to: 6)
        let cut = try Self.python(cli, ["L", "--checkpoint", "L/checkpoint"])
        #expect(cut.status == 1 && cut.output.contains("truncated"), "\(cut.output)")
    }

    @Test("It checks a receipt and a consistency proof with the office's key, and rejects the fork evidence's proof")
    func proofs() throws {
        let cli = try InspectorCommandTests.cosigned()
        try FileManager.default.copyItem(atPath: cli.path("L/checkpoint"), toPath: cli.path("cp7"))
        try InspectorCommandTests.progress(cli, percent: "40", at: "2023-05-01T00:00:00Z")
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        try cli.ok(["receipt", "6", "-L", "L", "--operator-key", "office.key", "--out-dir", "."])
        try cli.ok(["prove", "consistency", "7", "8", "-L", "L", "--out", "c.json"])
        #expect(try Self.python(cli, ["--inclusion", "receipt-6.json", "--key", "office.pub"]).status == 0)
        #expect(try Self.python(cli, ["--consistency", "c.json", "--key", "office.pub"]).status == 0)
        #expect(try Self.python(cli, ["--consistency", "c.json", "--key", "swlsj.pub"]).status == 1)
        let receipt = String(decoding: try cli.read("receipt-6.json"), as: UTF8.self)
        try cli.write("bad-receipt.json", BundleCommandTests.flipFirstProofHash(receipt))
        #expect(try Self.python(cli, ["--inclusion", "bad-receipt.json", "--key", "office.pub"]).status == 1)
        // The fork: the evidence's proof (between two checkpoints the office signed) is rejected here too.
        try FileManager.default.copyItem(atPath: cli.path("L"), toPath: cli.path("B"))
        try InspectorCommandTests.cosign(cli)
        TransparencyCommandTests.truncateLog(cli, ledger: "B", to: 7)
        try InspectorCommandTests.progress(cli, ledger: "B", percent: "45", at: "2023-05-01T00:00:00Z")
        try InspectorCommandTests.progress(cli, ledger: "B", percent: "50", at: "2023-05-02T00:00:00Z")
        try InspectorCommandTests.republish(cli, ledger: "B")
        try InspectorCommandTests.substitute(cli, with: "B")
        #expect(try cli.run(["cosign", "-L", "L", "--key", "xjw.key", "--state", "insp"]).status == 1)
        let evidence = try InspectorCommandTests.evidenceDirectory(cli)
        let rejected = try Self.python(cli, ["--consistency", evidence + "/consistency-proof.json", "--key", "office.pub"])
        #expect(rejected.status == 1 && rejected.output.contains("the old checkpoint is not of the proof's old tree"), "\(rejected.output)")
    }

    @Test("It accepts a bundle ledger verify --bundle accepts, in both suites", arguments: ["ed25519-sha256", "sm2-sm3"])
    func bundle(suite: String) throws {
        let cli = try BundleCommandTests.bundled(suite: suite)
        let result = try Self.python(cli, ["--bundle", "audit.bundle", "--key", "office.pub"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("records 6..8 in the checkpoint of 9") && result.output.contains("extends the checkpoint of 7"))
        #expect(result.output.contains("OK cosigned by XJW") && result.output.contains("OK evidence"))
    }

    @Test("It rejects each tampered bundle ledger verify --bundle rejects", arguments: 0..<11)
    func tamperedBundle(mutation: Int) throws {
        let cli = try BundleCommandTests.bundled()
        var lines = String(decoding: try cli.read("audit.bundle"), as: UTF8.self).split(separator: "\n").map(String.init)
        BundleCommandTests.mutations[mutation].1(&lines)
        try cli.write("tampered.bundle", lines.joined(separator: "\n") + "\n")
        let result = try Self.python(cli, ["--bundle", "tampered.bundle", "--key", "office.pub"])
        #expect(result.status == 1 && result.output.hasPrefix("FAIL bundle"), "\(BundleCommandTests.mutations[mutation].0): \(result.output)")
    }
}

extension InspectorCommandTests {
    /// Cuts L's log to `records` records (the checkpoints stay).
    static func truncateLogForPython(_ cli: CLI, to records: Int) {
        TransparencyCommandTests.truncateLog(cli, ledger: "L", to: records)
    }
}

extension InspectorCommandTests {
    @Test("A department's receipt carries the inspector's cosignature, checked with the inspector's public key")
    func receiptShowsCosignature() throws {
        let cli = try Self.cosigned()
        try cli.ok(["receipt", "6", "-L", "L", "--operator-key", "office.key", "--out-dir", "."])
        let shown = try cli.ok(["prove", "verify-inclusion", "receipt-6.json", "--key", "office.pub", "--inspector", "XJW=xjw.pub"])
        #expect(shown.stdout.contains("cosigned by inspector XJW at"), "\(shown.stdout)")
        let unchecked = try cli.ok(["prove", "verify-inclusion", "receipt-6.json", "--key", "office.pub"])
        #expect(unchecked.stdout.contains("also carries a cosignature line by accountability-ledger/pingjiang-2023/XJW"))
        let wrong = try cli.run(["prove", "verify-inclusion", "receipt-6.json", "--key", "office.pub", "--inspector", "XJW=swlsj.pub"])
        #expect(wrong.status == 1 && wrong.stderr.contains("no cosignature by inspector XJW"), "\(wrong.stderr)")
    }
}

extension InspectorCommandTests {
    /// Writes L's checkpoint with one bit of XJW's signature changed (a character inside the signature's
    /// base64, past the key id and the time, so the line still decodes: only the signature is wrong).
    static func breakCosignature(_ cli: CLI, to name: String) throws {
        let text = String(decoding: try cli.read("L/checkpoint"), as: UTF8.self)
        let broken = BundleCommandTests.flip(text, after: "/XJW ", offset: 30)
        #expect(broken != text)
        try cli.write(name, broken)
    }
}
