import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// The admission cache makes an append cost the same at any log length; a missing, stale, damaged or
/// forged cache may only make it slower, never let through a record that verification rejects.
@Suite("The admission cache", .temporaryDirectory)
struct AdmissionCacheTests {
    func progress(_ f: LedgerFixture, percent: Double = 40) throws -> SignedStatement {
        try f.statement(.progress(task: "1.6", percent: percent, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")
    }

    func expectValid(_ f: LedgerFixture, records: Int) throws {
        let report = try f.verify()
        #expect(report.isValid, "\(report.failure?.description ?? "torn tail")")
        #expect(report.verifiedRecords == records)
    }

    @Test("An append starts from the cache the previous append wrote, and the next one from its successor's")
    func startsFromCache() throws {
        let f = try LedgerFixture()
        do {
            let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
            #expect(appender.start == .cache(tail: 0))
            #expect(appender.chainState.nextSeq == 6)
            try appender.append([try progress(f)], accepted: LedgerFixture.time("2023-04-01T00:00:00Z"))
        }
        let again = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
        #expect(again.start == .cache(tail: 0))
        #expect(again.chainState.nextSeq == 7)
        #expect(again.chainState.registry.keys.count == 4 && again.chainState.tasks.count == 2)
    }

    @Test("The cache carries what version 2 authority needs: the version, designated units and opened findings")
    func carriesWorkflowState() throws {
        let f = try LedgerFixture()
        try f.appendByOffice(
            .assigned(task: "3.1", Assignment(title: "无牵头任务", lead: [], co: ["SWLSJ", "ZJJ"], deadline: CalendarDay("2023-12-31")!)),
            at: "2023-02-01T00:00:00Z")
        try f.appendByOffice(.leadDesignated(task: "3.1", department: "ZJJ"), at: "2023-02-01T00:00:00Z")
        let opened = try f.append(
            .findingOpened(subject: .department("SWLSJ"), text: "未按时报送", severity: .general, deadline: CalendarDay("2023-03-31")!), by: f.inspector,
            department: "JW", at: "2023-02-02T00:00:00Z")
        let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
        #expect(appender.start == .cache(tail: 0))
        let state = appender.chainState
        #expect(state.version == FormatVersion.v2 && state.designatedLeads == ["3.1": "ZJJ"])
        #expect(state.findings[opened.statementID]?.inspector == "JW" && state.findings[opened.statementID]?.subject == .department("SWLSJ"))
        // And it refuses from the cache what a replay refuses: the undesignated unit's application.
        let apply = try f.statement(
            .closeRequested(task: "3.1", evidence: [Evidence(name: "a.pdf", digest: String(repeating: "ab", count: 32))], note: nil), by: f.commerce,
            department: "SWLSJ")
        #expect(throws: LedgerError.self) { try appender.append([apply], accepted: LedgerFixture.time("2023-02-03T00:00:00Z")) }
    }

    @Test("Records appended after the cache was written are folded from the log, and their ids still refuse replays")
    func tailAfterCache() throws {
        let f = try LedgerFixture()
        let first = try progress(f)
        // An appender that does not write the cache: what a crash between the log's fsync and the cache's leaves.
        try Ledger.Appender(ledger: f.ledger, sealer: f.office, useCache: false).append([first], accepted: LedgerFixture.time("2023-04-01T00:00:00Z"))
        do {
            let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
            #expect(appender.start == .cache(tail: 1))
            let before = try f.logBytes()
            let error = #expect(throws: LedgerError.self) { try appender.append([first], accepted: LedgerFixture.time("2023-04-02T00:00:00Z")) }
            guard case .record(let refusal)? = error else { Issue.record("expected a refused record, got \(String(describing: error))"); return }
            #expect(refusal.code == .duplicateStatement)
            #expect(try f.logBytes() == before)
            try appender.append([try progress(f, percent: 50)], accepted: LedgerFixture.time("2023-04-02T00:00:00Z"))
        }
        // (Verification takes the shared lock an open appender's exclusive lock excludes.)
        try expectValid(f, records: 8)
    }

    @Test("A replayed statement is refused from the cache's id buckets as it is by a replay")
    func replayRefusedFromBuckets() throws {
        let f = try LedgerFixture()
        let statement = try progress(f)
        try f.ledger.append([statement], sealer: f.office, accepted: LedgerFixture.time("2023-04-01T00:00:00Z"))
        for useCache in [true, false] {
            let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office, useCache: useCache)
            #expect(useCache ? appender.start == .cache(tail: 0) : appender.start == .replay(.notUsed))
            let error = #expect(throws: LedgerError.self) { try appender.append([statement], accepted: LedgerFixture.time("2023-04-02T00:00:00Z")) }
            guard case .record(let refusal)? = error else { Issue.record("expected a refused record"); continue }
            #expect(refusal.code == .duplicateStatement && refusal.seq == 7)
        }
    }

    /// Ways to spoil the cache, each with the reason the appender must give for not using it.
    enum Spoil: String, CaseIterable, Sendable {
        /// A stranger's key enrolled as an operator in the cached registry, the signature left as it was.
        case forgedRegistry
        /// The same, re-signed by the stranger, who then tries to seal with that key.
        case forgedAndSignedByStranger
        /// Ids deleted from a bucket, so a replayed statement would look new.
        case emptiedBucket
        /// The state file cut short.
        case truncatedState
        /// The log truncated below what the cache covers.
        case truncatedLog
        /// Another ledger's cache, signed by the same office key.
        case otherLedgersCache
    }

    @Test("A spoilt cache is not used: the appender replays, says why, and admits only what verify accepts", arguments: Spoil.allCases)
    func spoiltCache(spoil: Spoil) throws {
        let f = try LedgerFixture()
        let replayed = try progress(f)
        try f.ledger.append([replayed], sealer: f.office, accepted: LedgerFixture.time("2023-04-01T00:00:00Z"))
        let cache = f.directory + "/cache"
        let statePath = cache + "/admission"
        let stranger = try SigningKey.generate(suite: f.suite)
        var sealer = f.office
        var records = 7
        switch spoil {
        case .forgedRegistry, .forgedAndSignedByStranger:
            var text = try String(contentsOfFile: statePath, encoding: .utf8)
            let officeKey = Base64.encode(f.office.publicKey.derRepresentation)
            text = text.replacingOccurrences(of: officeKey, with: Base64.encode(stranger.publicKey.derRepresentation))
            text = text.replacingOccurrences(of: f.office.publicKey.keyID(in: f.suite), with: stranger.publicKey.keyID(in: f.suite))
            if spoil == .forgedAndSignedByStranger {
                let json = Array(text.split(separator: "\n")[0].utf8)
                let signature = try stranger.signature(for: Array("accountability-ledger/admission-cache/v1\n".utf8) + json)
                text = String(decoding: json, as: UTF8.self) + "\n" + Base64.encode(signature) + "\n"
                sealer = stranger
            }
            try text.write(toFile: statePath, atomically: false, encoding: .utf8)
        case .emptiedBucket:
            let bucket = cache + "/ids/" + String(replayed.statement.id.prefix(2))
            try Data().write(to: URL(fileURLWithPath: bucket))
        case .truncatedState:
            let bytes = try Data(contentsOf: URL(fileURLWithPath: statePath))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: statePath))
        case .truncatedLog:
            var lines = try f.lines()
            lines.removeLast()
            try f.write(lines: lines)
            records = 6
        case .otherLedgersCache:
            let other = try LedgerFixture()
            try FileManager.default.removeItem(atPath: cache)
            try FileManager.default.copyItem(atPath: other.directory + "/cache", toPath: cache)
        }
        let before = try f.logBytes()
        var appender: Ledger.Appender! = try Ledger.Appender(ledger: f.ledger, sealer: sealer)
        // Buckets are read when a statement asks for them, so a spoilt bucket shows at the append.
        if spoil != .emptiedBucket {
            guard case .replay(let why) = appender.start else {
                Issue.record("\(spoil): the spoilt cache was used")
                return
            }
            #expect(why != .notUsed && why != .missing, "\(spoil): \(why)")
        }
        #expect(appender.chainState.nextSeq == records)
        switch spoil {
        case .forgedAndSignedByStranger:
            // The stranger's seal is refused: the log, not the forged cache, says who the operators are.
            let error = #expect(throws: LedgerError.self) {
                try appender.append([try progress(f, percent: 60)], accepted: LedgerFixture.time("2023-04-02T00:00:00Z"))
            }
            guard case .record(let refusal)? = error else { Issue.record("expected a refused record"); return }
            #expect(refusal.field == "sealer")
            #expect(try f.logBytes() == before)
        case .emptiedBucket:
            #expect(throws: LedgerError.self) { try appender.append([replayed], accepted: LedgerFixture.time("2023-04-02T00:00:00Z")) }
            #expect(try f.logBytes() == before)
            guard case .replay(.damaged) = appender.start else { Issue.record("expected a replay, got \(appender.start)"); return }
        default:
            try appender.append([try progress(f, percent: 60)], accepted: LedgerFixture.time("2023-04-02T00:00:00Z"))
            records += 1
        }
        appender = nil
        try expectValid(f, records: records)
        // The replay wrote a sound cache for the office key again.
        if spoil != .forgedAndSignedByStranger {
            let next = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
            #expect(next.start == .cache(tail: 0))
        }
    }

    @Test("A bucket damaged after the appender opened costs a replay in the middle of the session, not a wrong answer")
    func bucketDamagedMidSession() throws {
        let f = try LedgerFixture()
        let replayed = try progress(f)
        try f.ledger.append([replayed], sealer: f.office, accepted: LedgerFixture.time("2023-04-01T00:00:00Z"))
        var appender: Ledger.Appender! = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
        #expect(appender.start == .cache(tail: 0))
        try Data().write(to: URL(fileURLWithPath: f.directory + "/cache/ids/" + String(replayed.statement.id.prefix(2))))
        let error = #expect(throws: LedgerError.self) { try appender.append([replayed], accepted: LedgerFixture.time("2023-04-02T00:00:00Z")) }
        guard case .record(let refusal)? = error else { Issue.record("expected a refused record"); return }
        #expect(refusal.code == .duplicateStatement)
        guard case .replay(.damaged) = appender.start else { Issue.record("expected a replay, got \(appender.start)"); return }
        try appender.append([try progress(f, percent: 70)], accepted: LedgerFixture.time("2023-04-02T00:00:00Z"))
        appender = nil
        try expectValid(f, records: 8)
    }

    @Test("A key rotated out can no longer seal, from the cache or not; its successor's first append replays and writes its own cache")
    func rotatedSealer() throws {
        let f = try LedgerFixture()
        let successor = try SigningKey.generate(suite: f.suite)
        try f.appendByOffice(.keyRotated(old: f.office.publicKey.keyID(in: f.suite), key: successor.publicKey), at: "2023-02-01T00:00:00Z")
        for useCache in [true, false] {
            let old = try Ledger.Appender(ledger: f.ledger, sealer: f.office, useCache: useCache)
            let error = #expect(throws: LedgerError.self) { try old.append([try progress(f)], accepted: LedgerFixture.time("2023-04-01T00:00:00Z")) }
            guard case .record(let refusal)? = error else { Issue.record("expected a refused record"); return }
            #expect(refusal.field == "sealer")
        }
        do {
            let new = try Ledger.Appender(ledger: f.ledger, sealer: successor)
            #expect(new.start == .replay(.otherKey))
            try new.append([try progress(f)], accepted: LedgerFixture.time("2023-04-01T00:00:00Z"))
        }
        #expect(try Ledger.Appender(ledger: f.ledger, sealer: successor).start == .cache(tail: 0))
        try expectValid(f, records: 8)
    }
}
