import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// A batch is all or nothing across crashes too: the kernel stops `append --batch` at chosen bytes of its
/// write (`prlimit --fsize`: the write fails there and SIGXFSZ ends the process, as a power cut would
/// stop it), and afterwards the log holds the whole batch or none of it, never its first records.
@Suite("Crashes in the middle of a batch", .temporaryDirectory)
struct CrashTests {
    static let prlimit = ["/usr/bin/prlimit", "/bin/prlimit"].first { FileManager.default.isExecutableFile(atPath: $0) }

    func records(_ cli: CLI) throws -> Int {
        try cli.read("L/log.jsonl").split(separator: 0x0A, omittingEmptySubsequences: false).count - 1
    }

    @Test("killed at bytes across a 40-row batch's write: verify reports it, recover removes all of it, and nothing of it stays")
    func batchCutAtEveryStage() throws {
        guard let prlimit = Self.prlimit else {
            print("skipped: prlimit (util-linux) is not installed")
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI must have prlimit")
            return
        }
        let cli = try CLI.smallLedger()
        let rows = (1...40).map { "progress,1.6,\($0),,第\($0)次报告,,,," }
        try cli.write("q.csv", "type,task,percent,metrics,note,evidence,reason,until,time\n" + rows.joined(separator: "\n") + "\n")
        let base = try cli.read("L/log.jsonl")
        let baseRecords = try records(cli)
        // Learn the batch's size from one uninterrupted run on a copy.
        let probe = try CLI()
        try FileManager.default.copyItem(atPath: cli.path("L"), toPath: probe.path("L"))
        for key in ["office.key", "swlsj.key", "q.csv"] { try FileManager.default.copyItem(atPath: cli.path(key), toPath: probe.path(key)) }
        let args = ["append", "--batch", "q.csv", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key"]
        try probe.ok(args)
        let full = try probe.read("L/log.jsonl").count
        let batchSize = full - base.count
        #expect(batchSize > 20_000)
        // Cut points: the first byte, inside the first line, every few lines, the last byte but one.
        let cuts = [0, 1, 200] + stride(from: 1_000, to: batchSize, by: batchSize / 9).map { $0 } + [batchSize - 1]
        for cut in cuts {
            try Data(base).write(to: URL(fileURLWithPath: cli.path("L/log.jsonl")))
            // SIGXFSZ back to its default action (the test runner may ignore it), so the process dies
            // at the limit instead of seeing a failed write it could clean up after.
            let killed = try cli.run(args, wrapper: ["/usr/bin/env", "--default-signal=XFSZ", prlimit, "--fsize=\(base.count + cut)"])
            #expect(killed.status != 0, "cut at \(cut): the append reported success")
            #expect(!killed.stdout.contains("appended"), "cut at \(cut): receipts were printed")
            if cut == 0 {
                // Not a byte of the batch reached the log: nothing to recover.
                #expect(try cli.read("L/log.jsonl") == base)
                try cli.ok(["verify", "-L", "L"])
                continue
            }
            let verify = try cli.run(["verify", "-L", "L", "--json"])
            let report = try JSONValue.parse(verify.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(verify.status == 1, "cut at \(cut): the interrupted batch verified")
            #expect(report["failure"]?["seq"]?.intValue == baseRecords, "cut at \(cut): \(verify.stdout)")
            let refused = try cli.run([
                "append", "progress", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key", "--task", "1.6", "--percent", "5",
            ])
            #expect(refused.status == 2 && refused.stderr.contains("ledger recover"), "cut at \(cut): \(refused.stderr)")
            try cli.ok(["recover", "-L", "L"])
            #expect(try cli.read("L/log.jsonl") == base, "cut at \(cut): records of the unacknowledged batch stayed")
            try cli.ok(["verify", "-L", "L"])
        }
        // The same batch, uninterrupted, is appended whole.
        try cli.ok(args)
        #expect(try records(cli) == baseRecords + 40)
        try cli.ok(["verify", "-L", "L"])
    }

    @Test("a batch written whole before the crash is kept, whole, and the next append says so")
    func wholeBatchBeforeCrash() throws {
        let cli = try CLI.smallLedger()
        let base = try records(cli)
        try cli.write("q.csv", "type,task,percent\nprogress,1.6,10\nprogress,1.6,20\n")
        try cli.ok(["append", "--batch", "q.csv", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key"])
        // What a crash after the log's fsync and before the intent's removal leaves: the intent, and the
        // whole batch it describes.
        let log = try cli.read("L/log.jsonl")
        let lines = log.split(separator: 0x0A).map { Data($0) + Data([0x0A]) }
        let batch = lines.suffix(2).reduce(Data(), +)
        let office = try SigningKey.load(contentsOfFile: cli.path("office.key"))
        let intent: JSONValue = [
            "start": .number(Double(log.count - batch.count)), "firstSeq": .number(Double(base)), "records": 2, "length": .number(Double(batch.count)),
            "suite": "ed25519-sha256", "digest": .string(Hex.encode(Suite.ed25519sha256.hash([UInt8](batch)))),
            "key": .string(Base64.encode(office.publicKey.derRepresentation)),
        ]
        // Signed as the appender signs it (FORMAT.md §3.5), by the key that sealed the batch.
        let signature = try office.signature(for: Array("accountability-ledger/pending-append/v1\n".utf8) + intent.canonicalBytes)
        try Data(intent.canonicalBytes + [0x0A] + Array(Base64.encode(signature).utf8) + [0x0A]).write(to: URL(fileURLWithPath: cli.path("L/pending-append")))
        try cli.ok(["verify", "-L", "L"])
        let next = try cli.ok(["append", "progress", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key", "--task", "1.6", "--percent", "30"])
        #expect(next.stderr.contains("records \(base)…\(base + 1)"), "\(next.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("L/pending-append")))
        #expect(try records(cli) == base + 3)
    }
}
