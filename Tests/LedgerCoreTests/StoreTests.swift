import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("The store", .temporaryDirectory)
struct StoreTests {
    @Test("a new ledger verifies, and receipts chain head to head", arguments: Suite.allCases)
    func createAndAppend(suite: Suite) throws {
        let f = try LedgerFixture(suite: suite)
        let r1 = try f.append(.progress(task: "1.6", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ", at: "2023-02-01T00:00:00Z")
        let r2 = try f.append(.progress(task: "1.6", percent: 20, metrics: [], note: nil), by: f.commerce, department: "SWLSJ", at: "2023-03-01T00:00:00Z")
        #expect(r1.seq == 6 && r2.seq == 7)
        let report = try f.verify()
        #expect(report.isValid)
        #expect(report.verifiedRecords == 8)
        #expect(report.head == r2.head)
        let lines = try f.lines()
        let record = try Record(line: lines[7], expectedSeq: 7)
        #expect(record.prev == r1.recordHash)
        #expect(record.hash(suite) == r2.recordHash)
    }

    @Test("lines are canonical UTF-8 with Chinese text as is")
    func canonicalLines() throws {
        let f = try LedgerFixture()
        for line in try f.lines() {
            #expect(try JSONValue.parse(line).canonicalBytes == line)
        }
        #expect(String(decoding: try f.logBytes(), as: UTF8.self).contains("引进培育商贸企业"))
    }

    @Test("a batch is all or nothing: one bad statement refuses all and leaves the log byte-identical")
    func batchAllOrNothing() throws {
        let f = try LedgerFixture()
        let before = try f.logBytes()
        let good = try f.statement(.progress(task: "1.6", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")
        let bad = try f.statement(.progress(task: "9.9", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")
        #expect {
            try f.ledger.append([good, bad], sealer: f.office, accepted: LedgerFixture.time("2023-02-01T00:00:00Z"))
        } throws: { error in
            guard case .record(let e) = error as? LedgerError else { return false }
            return e.seq == 7 && e.code == .unknownTask && e.field == "statement.task"
        }
        #expect(try f.logBytes() == before)
    }

    @Test(
        "refused inputs name the rule and change nothing",
        arguments: [
            ("replayed statement", RecordError.Code.duplicateStatement),
            ("wrong department", .notAuthorized),
            ("time going backwards", .timeWentBackwards),
            ("another ledger", .wrongLedger),
            ("inspector reporting", .notAuthorized),
            ("department assigning", .notAuthorized),
            ("unknown task", .unknownTask),
            ("sealed by a department key", .unknownKey),
        ])
    func refusals(name: String, code: RecordError.Code) throws {
        let f = try LedgerFixture()
        let progress = Event.progress(task: "1.6", percent: 10, metrics: [], note: nil)
        var sealer = f.office
        var at = "2023-02-01T00:00:00Z"
        let statement: SignedStatement
        switch name {
        case "replayed statement":
            statement = try f.statement(progress, by: f.commerce, department: "SWLSJ")
            try f.ledger.append([statement], sealer: f.office, accepted: LedgerFixture.time(at))
            at = "2023-02-02T00:00:00Z"
        case "wrong department":
            statement = try f.statement(.progress(task: "2.2", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")
        case "time going backwards":
            statement = try f.statement(progress, by: f.commerce, department: "SWLSJ")
            at = "2023-01-01T00:00:00Z"
        case "another ledger":
            statement = try Statement(
                ledger: "other-ledger", time: LedgerFixture.time(at), department: "SWLSJ", keyID: f.commerce.publicKey.keyID(in: f.suite), event: progress
            ).signed(with: f.commerce)
        case "inspector reporting":
            statement = try f.statement(progress, by: f.inspector, department: "JW")
        case "department assigning":
            statement = try f.statement(
                .assigned(task: "9.1", Assignment(title: "x", lead: ["SWLSJ"], co: [], deadline: CalendarDay("2023-12-31")!)), by: f.commerce,
                department: "SWLSJ")
        case "unknown task":
            statement = try f.statement(.progress(task: "7.7", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")
        default:
            statement = try f.statement(progress, by: f.commerce, department: "SWLSJ")
            sealer = f.commerce
        }
        let before = try f.logBytes()
        #expect {
            try f.ledger.append([statement], sealer: sealer, accepted: LedgerFixture.time(at))
        } throws: { error in
            guard case .record(let e) = error as? LedgerError else { return false }
            return e.code == code && e.seq != nil
        }
        #expect(try f.logBytes() == before)
    }

    @Test("rotation and revocation take effect from their record on; earlier signatures stay valid")
    func keyLifecycle() throws {
        let f = try LedgerFixture()
        try f.append(.progress(task: "1.6", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ", at: "2023-02-01T00:00:00Z")
        let replacement = try SigningKey.generate(suite: f.suite)
        try f.appendByOffice(.keyRotated(old: f.commerce.publicKey.keyID(in: f.suite), key: replacement.publicKey), at: "2023-02-02T00:00:00Z")
        #expect(throws: LedgerError.self) {
            try f.append(.progress(task: "1.6", percent: 20, metrics: [], note: nil), by: f.commerce, department: "SWLSJ", at: "2023-02-03T00:00:00Z")
        }
        try f.append(.progress(task: "1.6", percent: 20, metrics: [], note: nil), by: replacement, department: "SWLSJ", at: "2023-02-03T00:00:00Z")
        try f.appendByOffice(.keyRevoked(key: f.housing.publicKey.keyID(in: f.suite), reason: "laptop lost"), at: "2023-02-04T00:00:00Z")
        #expect {
            try f.append(.progress(task: "2.2", percent: 20, metrics: [], note: nil), by: f.housing, department: "ZJJ", at: "2023-02-05T00:00:00Z")
        } throws: { error in
            guard case .record(let e) = error as? LedgerError else { return false }
            return e.code == .revokedKey && e.reason.contains("laptop lost")
        }
        #expect(try f.verify().isValid)
        // The last operator key cannot be revoked: the ledger would have nobody to seal it.
        #expect(throws: LedgerError.self) {
            try f.appendByOffice(.keyRevoked(key: f.office.publicKey.keyID(in: f.suite), reason: "oops"), at: "2023-02-06T00:00:00Z")
        }
    }

    @Test("a torn last line is reported, refused for appends, and moved aside by recovery")
    func tornTail() throws {
        let f = try LedgerFixture()
        let clean = try f.logBytes()
        let partial = Data("{\"accepted\":\"2023-0".utf8)
        let handle = try #require(FileHandle(forWritingAtPath: f.logPath))
        handle.seekToEndOfFile()
        handle.write(partial)
        try handle.close()

        let report = try f.verify()
        #expect(!report.isValid)
        #expect(report.failure == nil)
        #expect(report.verifiedRecords == 6)
        #expect(report.tornTail?.offset == clean.count && report.tornTail?.length == partial.count)

        #expect {
            try f.append(.progress(task: "1.6", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ", at: "2023-02-01T00:00:00Z")
        } throws: { error in
            if case .tornTail = error as? LedgerError { return true } else { return false }
        }
        let saved = try #require(try f.ledger.recoverTornTail())
        #expect(FileManager.default.contents(atPath: saved) == partial)
        #expect(try f.logBytes() == clean)
        #expect(try f.verify().isValid)
        #expect(try f.ledger.recoverTornTail() == nil)
    }

    @Test("a second crash at the same offset is recovered too, keeping the first torn bytes")
    func recoverTwiceAtOneOffset() throws {
        let f = try LedgerFixture()
        let clean = try f.logBytes()
        var saved: [String] = []
        for partial in ["{\"accepted\":\"2023-0", "{\"acc"] {
            try (clean + Data(partial.utf8)).write(to: URL(fileURLWithPath: f.logPath))
            saved.append(try #require(try f.ledger.recoverTornTail()))
            #expect(try f.logBytes() == clean)
        }
        #expect(saved[0] != saved[1])
        #expect(FileManager.default.contents(atPath: saved[0]) == Data("{\"accepted\":\"2023-0".utf8))
        #expect(FileManager.default.contents(atPath: saved[1]) == Data("{\"acc".utf8))
    }

    @Test("creation is exclusive: of many creators racing on one directory exactly one wins, and its genesis is the log's")
    func exclusiveCreate() throws {
        let root = try TemporaryDirectory.make("race")
        let key = try SigningKey.generate(suite: .ed25519sha256)
        let time = LedgerFixture.time("2023-01-03T01:00:00Z")
        let genesis = Genesis(suite: .ed25519sha256, title: "测试", utcOffset: "+08:00", department: "ZBBGS", name: "专班", key: key.publicKey)
        for round in 0..<20 {
            let directory = root.appendingPathComponent("L\(round)").path
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    let statement = Statement(
                        ledger: "race-2023", time: time, department: "ZBBGS", keyID: key.publicKey.keyID(in: .ed25519sha256), event: .genesis(genesis))
                    let (_, receipt) = try Ledger.create(directory: directory, genesis: try statement.signed(with: key), operatorKey: key, accepted: time)
                    results.add(receipt.recordHash)
                } catch {
                    results.add(nil)
                }
            }
            let winners = results.values.compactMap { $0 }
            #expect(winners.count == 1, "round \(round): \(winners.count) creators were acknowledged")
            let report = try Verifier.verify(try Ledger(directory: directory))
            #expect(report.isValid && report.verifiedRecords == 1 && report.head == winners.first)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("log.jsonl.") }
            #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
        }
    }

    @Test("an acceptance time ahead of the clock is refused, so one record cannot refuse every later append")
    func futureAcceptance() throws {
        let f = try LedgerFixture()
        let before = try f.logBytes()
        let future = Timestamp.now().adding(seconds: Ledger.maximumClockSkew + 60)
        let error = #expect(throws: LedgerError.self) {
            try f.ledger.append(
                [try f.statement(.progress(task: "1.6", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")], sealer: f.office,
                accepted: future)
        }
        guard case .record(let refusal)? = error else { Issue.record("expected a refusal"); return }
        #expect(refusal.field == "accepted" && refusal.seq == 6)
        #expect(try f.logBytes() == before)
        // Within the stated skew it is accepted.
        try f.ledger.append(
            [try f.statement(.progress(task: "1.6", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")], sealer: f.office,
            accepted: Timestamp.now().adding(seconds: 60))
    }

    @Test("a ledger's log is its own: a symbolic link, a FIFO or a device as log.jsonl is refused at once, by verify and by append")
    func logMustBeARegularFile() throws {
        let f = try LedgerFixture()
        let root = try TemporaryDirectory.make("links")
        let targets: [(String, (String) throws -> Void)] = [
            ("symlink to another ledger's log", { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: f.logPath) }),
            ("symlink to /dev/zero", { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: "/dev/zero") }),
            ("FIFO", { path in #expect(mkfifo(path, 0o644) == 0) }),
        ]
        for (name, make) in targets {
            let directory = root.appendingPathComponent(UUID().uuidString).path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            try make(directory + "/log.jsonl")
            let ledger = try Ledger(directory: directory)
            #expect(throws: LedgerError.self, "\(name): verify") { _ = try Verifier.verify(ledger) }
            #expect(throws: LedgerError.self, "\(name): append") { _ = try Ledger.Appender(ledger: ledger, sealer: f.office) }
        }
        #expect(try f.verify().isValid)
    }

    @Test("a log replaced while an appender holds it is detected, and nothing is written to either file")
    func replacedLogDetected() throws {
        let f = try LedgerFixture()
        let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
        let original = try f.logBytes()
        let replacement = f.directory + "/replacement"
        try original.write(to: URL(fileURLWithPath: replacement))
        #expect(rename(replacement, f.logPath) == 0)
        let error = #expect(throws: LedgerError.self) {
            try appender.append(
                [try f.statement(.progress(task: "1.6", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")],
                accepted: LedgerFixture.time("2023-04-01T00:00:00Z"))
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("replaced"))
        #expect(try f.logBytes() == original)
    }

    /// A `pending-append` file as FORMAT.md §3.5 spells it: the canonical JSON line (with `key`, the
    /// signer's public key) and the base64 signature over the context and that line.
    static func intentFile(_ members: [String: JSONValue], key: VerifyingKey, signedBy signer: SigningKey) throws -> Data {
        var object = members
        object["key"] = .string(Base64.encode(key.derRepresentation))
        let line = JSONValue.object(object).canonicalBytes
        let signature = try signer.signature(for: Array("accountability-ledger/pending-append/v1\n".utf8) + line)
        return Data(line + [0x0A] + Array(Base64.encode(signature).utf8) + [0x0A])
    }

    @Test("an intent that the log contradicts (stale, damaged or planted into history) is ignored, and recover moves nothing")
    func implausibleIntentIgnored() throws {
        let f = try LedgerFixture()
        let log = try f.logBytes()
        let lines = try f.lines()
        let lastStart = log.count - lines.last!.count - 1
        let zero = JSONValue.string(String(repeating: "0", count: 64))
        let intents: [[String: JSONValue]] = [
            // Claims the last two records are a short batch: more bytes follow start than the batch had.
            [
                "start": .number(Double(lastStart - lines[lines.count - 2].count - 1)), "firstSeq": 4, "records": 2, "length": 10, "suite": "ed25519-sha256",
                "digest": zero,
            ],
            // Starts in the middle of a line.
            ["start": .number(Double(lastStart + 3)), "firstSeq": 5, "records": 1, "length": 100_000, "suite": "ed25519-sha256", "digest": zero],
            // Names the wrong first record.
            ["start": .number(Double(lastStart)), "firstSeq": 9, "records": 1, "length": 100_000, "suite": "ed25519-sha256", "digest": zero],
            // A digest that is not one.
            ["start": .number(Double(lastStart)), "firstSeq": 5, "records": 1, "length": 100_000, "suite": "ed25519-sha256", "digest": "ab"],
        ]
        for intent in intents {
            // Signed by the office's own key: only the log's contradiction makes it unbelievable.
            try Self.intentFile(intent, key: f.office.publicKey, signedBy: f.office).write(to: URL(fileURLWithPath: f.directory + "/pending-append"))
            #expect(try f.verify().isValid, "\(intent)")
            #expect(try f.ledger.recoverTornTail() == nil)
            #expect(try f.logBytes() == log)
        }
    }

    @Test("a planted intent over the last records changes nothing unless an active operator key signed it and sealed the record at its start")
    func plantedIntentNeedsTheSealingKey() throws {
        let f = try LedgerFixture()
        let log = try f.logBytes()
        let lines = try f.lines()
        // The residual case of FORMAT.md §3.5 before intents were signed: "the last two records (4 and 5)
        // are a batch that was cut short" — plausible in every other respect.
        let start = log.count - lines[lines.count - 1].count - lines[lines.count - 2].count - 2
        let claim: [String: JSONValue] = [
            "start": .number(Double(start)), "firstSeq": 4, "records": 3, "length": .number(Double(log.count - start + 500)),
            "suite": "ed25519-sha256", "digest": .string(String(repeating: "0", count: 64)),
        ]
        let stranger = try SigningKey.generate(suite: .ed25519sha256)
        let unsigned = Data(
            JSONValue.object(claim.merging(["key": .string(Base64.encode(f.office.publicKey.derRepresentation))]) { $1 }).canonicalBytes + [0x0A])
        let planted: [(String, Data)] = [
            ("unsigned, as version 1 wrote it", Data(JSONValue.object(claim).canonicalBytes + [0x0A])),
            ("naming the office key, no signature line", unsigned),
            ("naming the office key, signed by another key", try Self.intentFile(claim, key: f.office.publicKey, signedBy: stranger)),
            ("naming and signed by a stranger's key", try Self.intentFile(claim, key: stranger.publicKey, signedBy: stranger)),
            ("naming and signed by a department's enrolled key", try Self.intentFile(claim, key: f.commerce.publicKey, signedBy: f.commerce)),
            ("with a signature by the office over other bytes", unsigned + Data(Base64.encode(try f.office.signature(for: [1, 2, 3])).utf8) + Data([0x0A])),
        ]
        for (name, bytes) in planted {
            try bytes.write(to: URL(fileURLWithPath: f.directory + "/pending-append"))
            #expect(try f.verify().isValid, "\(name)")
            #expect(try f.ledger.recoverTornTail() == nil, "\(name)")
            #expect(try f.logBytes() == log, "\(name)")
        }
        // Record 4 re-sealed by a key that is not an operator key (a department's, or one made up), with
        // an intent signed by that key: the seal matches the intent, but the registry before record 4
        // has no such operator, so the log is judged as it is — record 4 fails, nothing is moved.
        let original = try Record(line: lines[4], expectedSeq: 4)
        for forger in [f.commerce, stranger] {
            let forged = try Record(seq: 4, prev: original.prev, accepted: original.accepted, signed: original.signed, sealer: forger)
            let tampered = log.prefix(start) + Data(forged.line + [0x0A]) + Data(lines[5] + [0x0A])
            try tampered.write(to: URL(fileURLWithPath: f.logPath))
            try Self.intentFile(claim, key: forger.publicKey, signedBy: forger).write(to: URL(fileURLWithPath: f.directory + "/pending-append"))
            let report = try f.verify()
            #expect(report.failure?.seq == 4 && report.tornTail == nil, "\(String(describing: report.failure))")
            #expect(try f.ledger.recoverTornTail() == nil)
            #expect(try f.logBytes() == tampered)
        }
        try log.write(to: URL(fileURLWithPath: f.logPath))
        // The same claim signed by the key that sealed records 4 and 5 is the office's word: believed.
        try Self.intentFile(claim, key: f.office.publicKey, signedBy: f.office).write(to: URL(fileURLWithPath: f.directory + "/pending-append"))
        let report = try f.verify()
        #expect(!report.isValid)
        #expect(report.verifiedRecords == 4)
        let saved = try #require(try f.ledger.recoverTornTail())
        #expect(try Data(contentsOf: URL(fileURLWithPath: saved)) == log.suffix(from: start))
        #expect(try f.logBytes() == log.prefix(start))
        #expect(try f.verify().isValid)
    }

    @Test("a crash at every byte of a single record's and of a batch's write: verify fails at the first record written, recover restores the log exactly")
    func crashAtEveryByte() throws {
        let f = try LedgerFixture()
        let base = try f.logBytes()
        let intentPath = f.directory + "/pending-append"
        // The state a crash leaves after `cut` bytes of the write: the signed intent the appender synced
        // first (FORMAT.md §3.5), and the log cut there. A write of `statements` is made once, to learn
        // its bytes, and then undone.
        for count in [1, 3] {
            let statements = try (0..<count).map { i in
                try f.statement(.progress(task: "1.6", percent: Double(10 + i), metrics: [], note: "第\(i + 1)次"), by: f.commerce, department: "SWLSJ")
            }
            try f.ledger.append(statements, sealer: f.office, accepted: LedgerFixture.time("2023-02-01T00:00:00Z"))
            let written = try f.logBytes()
            let batch = [UInt8](written.suffix(from: base.count))
            let intent = try Self.intentFile(
                [
                    "start": .number(Double(base.count)), "firstSeq": 6, "records": .number(Double(count)), "length": .number(Double(batch.count)),
                    "suite": "ed25519-sha256", "digest": .string(Hex.encode(Suite.ed25519sha256.hash(batch))),
                ], key: f.office.publicKey, signedBy: f.office)
            var failures = 0
            let lineEnds = batch.indices.filter { batch[$0] == 0x0A }
            try written.write(to: URL(fileURLWithPath: f.logPath))
            try intent.write(to: URL(fileURLWithPath: intentPath))
            // From the last byte down, so each cut only shortens the log (truncate(2), no rewrite).
            for cut in stride(from: batch.count - 1, through: 0, by: -1) {
                #expect(truncate(f.logPath, off_t(base.count + cut)) == 0)
                let report = try f.verify()
                if cut == 0 {
                    if !report.isValid { failures += 1 }
                } else if report.isValid || report.verifiedRecords != 6 || report.failure != nil || report.tornTail?.offset != base.count {
                    failures += 1
                    Issue.record("\(count) records, cut at \(cut): \(report.verifiedRecords) verified, torn \(String(describing: report.tornTail))")
                }
                // recover syncs the log and the directory, so it runs at the cuts that differ in kind
                // (around each line end, and a sample inside lines); verify runs at every byte.
                if cut % 61 == 0 || lineEnds.contains(where: { abs($0 - cut) <= 1 }) {
                    _ = try f.ledger.recoverTornTail()
                    if try f.logBytes() != base { failures += 1 }
                    #expect(!FileManager.default.fileExists(atPath: intentPath))
                    try written.write(to: URL(fileURLWithPath: f.logPath))
                    try intent.write(to: URL(fileURLWithPath: intentPath))
                }
            }
            #expect(failures == 0, "\(count) records: \(failures) of \(batch.count) cuts left the log other than it was")
            // Written whole before the crash: the batch is history, intent or not.
            try written.write(to: URL(fileURLWithPath: f.logPath))
            try intent.write(to: URL(fileURLWithPath: intentPath))
            #expect(try f.verify().verifiedRecords == 6 + count)
            try base.write(to: URL(fileURLWithPath: f.logPath))
            unlink(intentPath)
        }
    }

    @Test("appenders running at once never fork the chain")
    func concurrentAppends() async throws {
        let f = try LedgerFixture()
        let statements = try (0..<16).map { i in
            try f.statement(.progress(task: "1.6", percent: Double(i), metrics: [], note: nil), by: f.commerce, department: "SWLSJ")
        }
        let ledger = f.ledger
        let office = f.office
        let receipts = await withTaskGroup(of: [Receipt].self) { group in
            for s in statements {
                group.addTask { (try? ledger.append([s], sealer: office, accepted: LedgerFixture.time("2023-02-01T00:00:00Z"))) ?? [] }
            }
            return await group.reduce(into: [Receipt]()) { $0 += $1 }
        }
        #expect(receipts.count == 16)
        #expect(Set(receipts.map(\.seq)) == Set(6..<22))
        let report = try f.verify()
        #expect(report.isValid)
        #expect(report.verifiedRecords == 22)
    }
}

/// Outcomes collected from concurrent threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String?] = []
    func add(_ value: String?) { lock.withLock { stored.append(value) } }
    var values: [String?] { lock.withLock { stored } }
}
