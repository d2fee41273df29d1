import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

@Suite("Checkpoints, proofs and receipts through the ledger command", .temporaryDirectory)
struct TransparencyCommandTests {
    /// The small ledger (6 records after one progress report), with a checkpoint of it published.
    static func checkpointed(suite: String = "ed25519-sha256") throws -> CLI {
        let cli = try CLI.smallLedger(suite: suite)
        try progress(cli, task: "1.6", percent: "30", at: "2023-04-01T00:00:00Z")
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        return cli
    }

    static func progress(_ cli: CLI, task: String, percent: String, at time: String) throws {
        try cli.ok([
            "append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", task, "--percent", percent, "--accepted-at", time,
        ])
    }

    /// Cuts the log to its first `records` records, as someone with the disk and the keys could.
    static func truncate(_ cli: CLI, to records: Int) throws {
        let lines = try cli.read("L/log.jsonl").split(separator: 0x0A).prefix(records)
        try Data(lines.map { $0 + [0x0A] }.joined()).write(to: URL(fileURLWithPath: cli.path("L/log.jsonl")))
        try? FileManager.default.removeItem(atPath: cli.path("L/cache/admission"))
    }

    @Test(
        "every transparency command has --help",
        arguments: [
            ["checkpoint"], ["prove"], ["prove", "inclusion"], ["prove", "consistency"], ["prove", "verify-inclusion"], ["prove", "verify-consistency"],
            ["receipt"],
        ])
    func help(command: [String]) throws {
        let result = try CLI().run(command + ["--help"])
        #expect(result.status == 0 && result.stdout.contains("USAGE"))
    }

    @Test("A department's receipt verifies with the office's public key alone, after the ledger is gone", arguments: ["ed25519-sha256", "sm2-sm3"])
    func receiptWithoutTheLog(suite: String) throws {
        let cli = try CLI.smallLedger(suite: suite)
        try Self.progress(cli, task: "1.6", percent: "30", at: "2023-04-01T00:00:00Z")
        try cli.ok(["receipt", "5", "-L", "L", "--operator-key", "office.key", "--out-dir", "."])
        let checkpoint = try cli.read("L/checkpoint")
        #expect(String(decoding: checkpoint, as: UTF8.self).hasPrefix("accountability-ledger/pingjiang-2023\n6\n"))
        try FileManager.default.removeItem(atPath: cli.path("L"))
        let verified = try cli.ok(["prove", "verify-inclusion", "receipt-5.json", "--key", "office.pub"])
        #expect(verified.stdout.contains("record 5") && verified.stdout.contains("SWLSJ progress"))
        let wrongKey = try cli.run(["prove", "verify-inclusion", "receipt-5.json", "--key", "swlsj.pub"])
        #expect(wrongKey.status == 1 && wrongKey.stderr.contains("no signature by a known key"))
    }

    @Test("ledger submit --receipts hands the department a checkpointed receipt for the statement it signed offline")
    func submitWithReceipts() throws {
        let cli = try CLI.smallLedger()
        try cli.ok([
            "sign", "progress", "--ledger-id", "pingjiang-2023", "--key", "swlsj.key", "--dept", "SWLSJ", "--task", "1.6", "--percent", "30", "-o", "s1.json",
        ])
        try FileManager.default.createDirectory(atPath: cli.path("out"), withIntermediateDirectories: false)
        try cli.ok(["submit", "-L", "L", "--operator-key", "office.key", "s1.json", "--receipts", "out", "--accepted-at", "2023-04-01T00:00:00Z"])
        let verified = try cli.ok(["prove", "verify-inclusion", "out/receipt-5.json", "--key", "office.pub"])
        #expect(verified.stdout.contains("record 5") && verified.stdout.contains("log of 6 records"))
    }

    @Test("The SM2 checkpoint's signature verifies with the openssl command line as FORMAT.md §12.8 says")
    func sm2CheckpointWithOpenSSL() throws {
        let cli = try Self.checkpointed(suite: "sm2-sm3")
        let note = try cli.read("L/checkpoint")
        let lines = note.split(separator: 0x0A, omittingEmptySubsequences: false)
        try Data(lines.prefix(3).map { $0 + [0x0A] }.joined()).write(to: URL(fileURLWithPath: cli.path("msg.bin")))
        let signatureLine = String(decoding: lines[4], as: UTF8.self)
        let signature = try #require(Data(base64Encoded: String(signatureLine.split(separator: " ")[2])))
        try signature.dropFirst(4).write(to: URL(fileURLWithPath: cli.path("sig.bin")))
        let result = try ChildProcess.tool(
            "openssl",
            [
                "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-pubin", "-inkey", "office.pub", "-in", "msg.bin",
                "-sigfile", "sig.bin",
            ], in: cli.directory)
        #expect(result.status == 0 && result.stdout.contains("Signature Verified Successfully"), "\(result.stdout)\(result.stderr)")
    }

    @Test(
        "A log truncated and regrown below a checkpoint: verify --checkpoint names the first changed record, the publisher and the prover refuse, and a consistency proof from the forked log is rejected"
    )
    func truncatedAndRegrown() throws {
        let cli = try Self.checkpointed()
        try FileManager.default.copyItem(atPath: cli.path("L/checkpoint"), toPath: cli.path("cp6"))
        let contained = try cli.ok(["verify", "-L", "L", "--checkpoint", "cp6"])
        #expect(contained.stdout.contains("checkpoint of 6 records is contained"))
        // Record 5 (SWLSJ's 30%) is dropped and the log regrown with two other records, all sealed.
        try Self.truncate(cli, to: 5)
        try Self.progress(cli, task: "1.6", percent: "10", at: "2023-04-01T00:00:00Z")
        try Self.progress(cli, task: "1.6", percent: "20", at: "2023-04-02T00:00:00Z")
        try cli.ok(["verify", "-L", "L"])
        let failed = try cli.run(["verify", "-L", "L", "--checkpoint", "cp6", "--json"])
        #expect(failed.status == 1)
        let report = try JSONValue.parse(failed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(report["valid"]?.boolValue == false)
        #expect(report["checkpoint"]?["contained"]?.boolValue == false)
        #expect(report["checkpoint"]?["firstChangedSeq"]?.intValue == 5)
        let text = try cli.run(["verify", "-L", "L", "--checkpoint", "cp6"])
        #expect(text.status == 1 && text.stdout.contains("record 5 is the first that differs"))
        #expect(try cli.run(["checkpoint", "-L", "L", "--operator-key", "office.key"]).status == 1)
        #expect(try cli.run(["prove", "consistency", "cp6", "7", "-L", "L"]).status == 1)
        // A dishonest office deletes its old checkpoints and signs the regrown log: the inspector who
        // kept cp6 rejects the consistency proof it is given.
        try FileManager.default.removeItem(atPath: cli.path("L/checkpoints"))
        try FileManager.default.removeItem(atPath: cli.path("L/checkpoint"))
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        try cli.ok(["prove", "consistency", "6", "7", "-L", "L", "--out", "forked.json"])
        let rejected = try cli.run(["prove", "verify-consistency", "forked.json", "--old", "cp6", "--key", "office.pub"])
        #expect(rejected.status == 1 && rejected.stderr.contains("proof rejected"), "\(rejected.stderr)")
        // Once the tree cache is rebuilt over the new log, the checkpoint still fails, naming no record.
        try FileManager.default.removeItem(atPath: cli.path("L/tile"))
        try FileManager.default.removeItem(atPath: cli.path("L/cache/previous"))
        try FileManager.default.removeItem(atPath: cli.path("L/cache/tree"))
        let unnamed = try cli.run(["verify", "-L", "L", "--checkpoint", "cp6"])
        #expect(unnamed.status == 1 && unnamed.stdout.contains("cannot be told from a checkpoint alone"))
    }

    @Test("A log cut below a checkpoint fails verify --checkpoint, naming the first missing record")
    func truncated() throws {
        let cli = try Self.checkpointed()
        try FileManager.default.copyItem(atPath: cli.path("L/checkpoint"), toPath: cli.path("cp6"))
        try Self.truncate(cli, to: 4)
        try cli.ok(["verify", "-L", "L"])
        let failed = try cli.run(["verify", "-L", "L", "--checkpoint", "cp6"])
        #expect(failed.status == 1 && failed.stdout.contains("fewer than the 6 of the checkpoint"), "\(failed.stdout)")
        #expect(failed.stdout.contains("records 4…5 are gone"))
    }

    @Test("A consistency proof between two checkpoints of an honest log verifies; every mutation of it and of a receipt is rejected")
    func mutatedProofs() throws {
        let cli = try Self.checkpointed()
        try FileManager.default.copyItem(atPath: cli.path("L/checkpoint"), toPath: cli.path("cp6"))
        for (percent, day) in [("40", "03"), ("50", "04"), ("60", "05")] {
            try Self.progress(cli, task: "1.6", percent: percent, at: "2023-05-\(day)T00:00:00Z")
        }
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        try cli.ok(["prove", "consistency", "cp6", "-L", "L", "--out", "c.json"])
        try cli.ok(["prove", "verify-consistency", "c.json", "--key", "office.pub"])
        try cli.ok(["prove", "inclusion", "3", "-L", "L", "--out", "r.json"])
        try cli.ok(["prove", "verify-inclusion", "r.json", "--key", "office.pub"])
        for (file, members) in [
            ("c.json", ["proof", "oldRoot", "newRoot", "oldSize", "newSize", "newCheckpoint"]),
            ("r.json", ["proof", "leafHash", "root", "index", "treeSize", "record", "checkpoint"]),
        ] {
            let original = try JSONValue.parse(try cli.read(file))
            var mutations: [(String, JSONValue)] = []
            for member in members {
                guard case .object(var object) = original, let value = object[member] else { continue }
                switch value {
                case .number(let n):
                    for m in [n + 1, n * 2, max(0, n - 1)] where m != n {
                        object[member] = .number(m)
                        mutations.append(("\(member) = \(m)", .object(object)))
                    }
                case .string(let s):
                    // Flip one character in the middle (a hash, a record line or the note's signature).
                    var chars = Array(s)
                    let at = member.hasSuffix("heckpoint") ? chars.count - 10 : (member == "record" ? chars.count / 2 : 5)
                    chars[at] = chars[at] == "A" ? "B" : "A"
                    object[member] = .string(String(chars))
                    mutations.append(("\(member) changed", .object(object)))
                case .array(let items):
                    for i in items.indices {
                        var changed = items
                        var chars = Array(changed[i].stringValue!)
                        chars[3] = chars[3] == "A" ? "B" : "A"
                        changed[i] = .string(String(chars))
                        object[member] = .array(changed)
                        mutations.append(("\(member)[\(i)] changed", .object(object)))
                        var removed = items
                        removed.remove(at: i)
                        object[member] = .array(removed)
                        mutations.append(("\(member)[\(i)] removed", .object(object)))
                    }
                    object[member] = .array(items + [items[0]])
                    mutations.append(("\(member) extended", .object(object)))
                default: break
                }
            }
            #expect(mutations.count > 15)
            for (what, mutated) in mutations {
                try cli.write("m.json", mutated.canonicalString + "\n")
                let result = try cli.run(["prove", file == "c.json" ? "verify-consistency" : "verify-inclusion", "m.json", "--key", "office.pub"])
                #expect(result.status == 1, "\(file): \(what) was not rejected: \(result.stdout) \(result.stderr)")
            }
        }
    }
}
