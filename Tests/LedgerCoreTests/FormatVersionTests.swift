import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// Format version 2's size limits and how versions coexist (FORMAT.md §2.4, §10), through the writer's
/// and the parser's shared functions.
@Suite("Format versions and size limits", .temporaryDirectory)
struct FormatVersionTests {
    static let key = try! SigningKey(ed25519Seed: Hex.decode(GoldenLedgerTests.seeds[1])!)

    static func statement(_ event: Event) -> Statement {
        Statement(
            ledger: "pingjiang-2023", time: Timestamp("2023-04-01T00:00:00Z")!, department: "SWLSJ", keyID: key.publicKey.keyID(in: .ed25519sha256),
            event: event)
    }

    static func refusal(_ event: Event, version: Int = FormatVersion.v2) -> RecordError? {
        do {
            _ = try statement(event).signed(with: key, version: version)
            return nil
        } catch {
            return error
        }
    }

    static func note(bytes: Int) -> String { String(repeating: "进", count: (bytes - bytes % 3) / 3) + String(repeating: "a", count: bytes % 3) }

    @Test("a string may hold 4,096 bytes of UTF-8, not 4,097, in version 2; version 1 has no limit", arguments: [4_095, 4_096, 4_097, 50_000])
    func stringLimit(bytes: Int) {
        let event = Event.progress(task: "1.6", percent: 10, metrics: [], note: Self.note(bytes: bytes))
        let refused = Self.refusal(event)
        #expect((refused != nil) == (bytes > FormatLimits.stringBytes))
        if let refused { #expect(refused.field == "body.note" && refused.reason.contains("\(bytes) bytes")) }
        #expect(Self.refusal(event, version: FormatVersion.v1) == nil)
    }

    @Test("an array may hold 256 elements, not 257, in version 2", arguments: [255, 256, 257])
    func arrayLimit(count: Int) {
        let evidence = Array(repeating: Evidence(name: "验收.pdf", digest: String(repeating: "ab", count: 32)), count: count)
        let refused = Self.refusal(.closeRequested(task: "1.6", evidence: evidence, note: nil))
        #expect((refused != nil) == (count > FormatLimits.arrayElements))
        if let refused { #expect(refused.field == "body.evidence") }
    }

    @Test("a statement may be 61,440 bytes, whatever its strings and arrays")
    func statementLimit() {
        // Sixteen names of 4,000 bytes: every string and the array within their limits, the whole beyond.
        let evidence = (0..<16).map { Evidence(name: Self.note(bytes: 3_999) + "\($0 % 10)", digest: String(repeating: "ab", count: 32)) }
        let refused = Self.refusal(.closeRequested(task: "1.6", evidence: evidence, note: nil))
        #expect(refused?.field == "statement")
        #expect(Self.refusal(.closeRequested(task: "1.6", evidence: Array(evidence.prefix(14)), note: nil)) == nil)
        #expect(FormatLimits.statementBytes + 4_096 <= FormatLimits.recordBytes)
    }

    @Test("the parser applies the limits of the record's own version: a v1 record with a 50,000-byte note still reads")
    func parserFollowsVersion() throws {
        let signed = try Self.statement(.progress(task: "1.6", percent: 10, metrics: [], note: Self.note(bytes: 50_000))).signed(
            with: Self.key, version: FormatVersion.v1)
        #expect(throws: Never.self) { _ = try SignedStatement(json: signed.json, version: FormatVersion.v1) }
        let refused = #expect(throws: RecordError.self) { _ = try SignedStatement(json: signed.json) }
        #expect(refused?.field == "body.note")
    }

    @Test("the version 1 golden ledger continued with version 2 records verifies; once v2, v1 records are refused")
    func continuation() throws {
        let keys = try GoldenLedgerTests.seeds.map { try SigningKey(ed25519Seed: Hex.decode($0)!) }
        var lines = try GoldenLedgerTests.exampleLines(keys)
        var state = ChainState()
        for (seq, line) in lines.enumerated() { try state.apply(try Record(line: line, expectedSeq: seq)).run() }
        #expect(state.version == FormatVersion.v1)
        func record(_ event: Event, by key: SigningKey, department: String, version: Int) throws -> Record {
            let statement = Statement(
                ledger: "pingjiang-2023", time: Timestamp("2024-03-01T00:00:00Z")!, department: department, keyID: key.publicKey.keyID(in: .ed25519sha256),
                event: event)
            return try Record(
                seq: state.nextSeq, prev: state.head, accepted: Timestamp("2024-03-01T00:00:00Z")!, signed: try statement.signed(with: key, version: version),
                sealer: keys[0], version: version)
        }
        let v2 = try record(.progress(task: "1.6", percent: 100, metrics: [], note: "续写"), by: keys[1], department: "SWLSJ", version: FormatVersion.v2)
        try state.apply(v2).run()
        lines.append(v2.line)
        #expect(state.version == FormatVersion.v2)
        let v1 = try record(.progress(task: "1.6", percent: 100, metrics: [], note: nil), by: keys[1], department: "SWLSJ", version: FormatVersion.v1)
        var copy = state
        let error = #expect(throws: RecordError.self) { try copy.apply(v1).run() }
        #expect(error?.field == "v" && error?.code == .chainBroken)

        let dir = try TemporaryDirectory.make("continued")
        try Data(lines.flatMap { $0 + [0x0A] }).write(to: dir.appendingPathComponent(Ledger.logFileName))
        let report = try Verifier.verify(try Ledger(directory: dir.path))
        #expect(report.isValid && report.verifiedRecords == 10)
    }

    @Test("an appender refuses a batch of more than 10,000 statements before it judges any")
    func batchLimit() throws {
        let f = try LedgerFixture()
        let one = try f.statement(.progress(task: "1.6", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")
        let before = try f.logBytes()
        let error = #expect(throws: LedgerError.self) {
            try f.ledger.append(Array(repeating: one, count: Ledger.maxBatchStatements + 1), sealer: f.office)
        }
        guard case .record(let refusal)? = error else { Issue.record("expected a record error, got \(String(describing: error))"); return }
        #expect(refusal.field == "batch")
        #expect(try f.logBytes() == before)
    }
}
