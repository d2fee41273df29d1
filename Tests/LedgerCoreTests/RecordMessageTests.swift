import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// The signed and sealed bytes are cut out of the canonical line for speed; they must be exactly the
/// JCS form of the statement without `sig` and of the record without `seal`, as FORMAT.md defines them.
@Suite("Signed bytes", .temporaryDirectory)
struct RecordMessageTests {
    static func jcsMessages(_ line: [UInt8]) throws -> (signing: [UInt8], sealing: [UInt8]) {
        var record = try #require(try JSONValue.parse(line).objectValue)
        var statement = try #require(record["statement"]?.objectValue)
        statement["sig"] = nil
        record["seal"] = nil
        return (Statement.signingContext + JSONValue.object(statement).canonicalBytes, Record.sealingContext + JSONValue.object(record).canonicalBytes)
    }

    @Test(
        "the messages cut from each line equal the JCS of the record without seal and the statement without sig",
        arguments: ["v1-ed25519-sha256", "v1-sm2-sm3", "v2-ed25519-sha256"])
    func golden(name: String) throws {
        let data = try GoldenLedgerTests.read(name)
        for (seq, line) in data.split(separator: 0x0A).enumerated() {
            let record = try Record(line: [UInt8](line), expectedSeq: seq)
            let expected = try Self.jcsMessages([UInt8](line))
            #expect(record.signingMessage == expected.signing)
            #expect(record.sealingMessage == expected.sealing)
        }
    }

    @Test("the same holds for every record type a fixture ledger contains, including text that mentions the member names")
    func fixture() throws {
        let f = try LedgerFixture()
        try f.append(
            .progress(task: "1.6", percent: 30, metrics: [], note: #"引号 "sig":"x", 和 ,"statement": 与 "seal":"y","#), by: f.commerce, department: "SWLSJ",
            at: "2023-02-01T00:00:00Z")
        try f.addReports()
        for (seq, line) in try f.lines().enumerated() {
            let record = try Record(line: line, expectedSeq: seq)
            let expected = try Self.jcsMessages(line)
            #expect(record.signingMessage == expected.signing)
            #expect(record.sealingMessage == expected.sealing)
        }
        #expect(try f.verify().isValid)
    }

    @Test("a record the writer builds carries the same messages, and its signature and seal verify over them")
    func written() throws {
        for suite in Suite.allCases {
            let key = try SigningKey.generate(suite: suite)
            let statement = Statement(
                ledger: "bench", time: Timestamp("2023-01-03T00:00:00Z")!, department: "D12", keyID: key.publicKey.keyID(in: suite),
                event: .progress(task: "T1", percent: 5, metrics: [], note: #"含 "seal":"x", 与 "sig":"y","#))
            let record = try Record(
                seq: 3, prev: String(repeating: "a", count: 64), accepted: Timestamp("2023-01-03T00:00:00Z")!, signed: try statement.signed(with: key),
                sealer: key)
            let expected = try Self.jcsMessages(record.line)
            #expect(record.signingMessage == expected.signing)
            #expect(record.signingMessage == statement.signingMessage)
            #expect(record.sealingMessage == expected.sealing)
            #expect(key.publicKey.isValidSignature(record.signed.signature, for: record.signingMessage))
            #expect(key.publicKey.isValidSignature(record.seal, for: record.sealingMessage))
        }
    }
}
