import Foundation
import LedgerCrypto
import Testing

@testable import LedgerCore

/// The one-pass reader (`Record.parsingCanonical`) against the reference reader (parse a `JSONValue`,
/// compare its canonical form with the line, read fields with `ObjectReader`), on valid lines and on
/// byte mutations of them: the same verdict, and on acceptance the same record, messages included.
@Suite("One-pass canonical reader agrees with the reference reader")
struct CanonicalReaderDifferentialTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")

    /// Every line of the committed golden ledgers (versions 1 and 2, both suites).
    static func goldenLines() throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for name in ["v1-ed25519-sha256", "v1-sm2-sm3", "v2-ed25519-sha256"] {
            let data = try Data(contentsOf: golden.appendingPathComponent("\(name).jsonl"))
            lines += data.split(separator: UInt8(ascii: "\n")).map { Array($0) }
        }
        return lines
    }

    /// Records whose values exercise what the golden ledgers do not: escapes and controls in text,
    /// non-ASCII beyond the BMP, fractions and exponents, optional members present and absent.
    static func generatedLines() throws -> [[UInt8]] {
        let key = try SigningKey.generate(suite: .ed25519sha256)
        let keyID = key.publicKey.keyID(in: .ed25519sha256)
        let notes: [String?] = [
            nil, "第1次报告", "quote \" backslash \\ slash /", "tab\tline\nfeed\r\u{08}\u{0C}end", "bell\u{07} esc\u{1B} del\u{7F}end", "😀 U+2028\u{2028}end",
            "é e\u{301}",
        ]
        let values: [Double] = [0, 1, 0.1, 12.5, 1e-7, 123456789012345, 1234567890123456, 1e21, .leastNonzeroMagnitude, 0.000001]
        var lines: [[UInt8]] = []
        var prev = Record.zeroHash
        for (i, note) in notes.enumerated() {
            for (j, value) in values.enumerated() where (i + j) % 2 == 0 || note == nil {
                for version in [FormatVersion.v1, FormatVersion.v2] {
                    let metrics = j % 3 == 0 ? [] : [MetricValue(metric: "指标\(j)", value: value, unit: "个")]
                    let event = Event.progress(task: "T\(i).\(j)", percent: Double(j * 10) + (j % 2 == 0 ? 0 : 0.5), metrics: metrics, note: note)
                    let statement = Statement(ledger: "bench", time: Timestamp("2023-01-03T00:00:00Z")!, department: "D12", keyID: keyID, event: event)
                    let record = try Record(
                        seq: lines.count, prev: prev, accepted: Timestamp("2023-01-03T00:00:00Z")!, signed: try statement.signed(with: key, version: version),
                        sealer: key, version: version)
                    prev = record.hash(.ed25519sha256)
                    lines.append(record.line)
                }
            }
        }
        return lines
    }

    /// Both readers on `line`: nil from the one-pass reader must mean the reference refuses, and a
    /// record from it must be the reference's record.
    @discardableResult
    static func compare(_ line: [UInt8], _ what: @autoclosure () -> String) -> Bool {
        let fast = Record.parsingCanonical(line: line)
        let reference = Result { () throws(RecordError) -> Record in try Record(referenceLine: line, expectedSeq: 7) }
        switch (fast, reference) {
        case (let f?, .success(let r)):
            #expect(f == r, "\(what()): records differ")
            #expect(f.signingMessage == r.signingMessage && f.sealingMessage == r.sealingMessage, "\(what()): messages differ")
        case (nil, .failure): break
        case (nil, .success): Issue.record("\(what()): the reference accepts, the one-pass reader refuses")
        case (_?, .failure(let e)): Issue.record("\(what()): the one-pass reader accepts what the reference refuses: \(e)")
        }
        // What every caller sees: the same verdict and, on refusal, the same error (seq, field, reason).
        let public_ = Result { () throws(RecordError) -> Record in try Record(line: line, expectedSeq: 7) }
        switch (public_, reference) {
        case (.success(let a), .success(let b)): #expect(a == b, "\(what())")
        case (.failure(let a), .failure(let b)): #expect(a == b, "\(what())")
        default: Issue.record("\(what()): Record(line:) and the reference disagree")
        }
        return (try? reference.get()) != nil
    }

    @Test("accepts every golden and generated line, giving the reference's record")
    func validLines() throws {
        let lines = try Self.goldenLines() + Self.generatedLines()
        #expect(lines.count > 60)
        for (n, line) in lines.enumerated() {
            #expect(Record.parsingCanonical(line: line) != nil, "line \(n) refused: \(String(decoding: line, as: UTF8.self))")
            Self.compare(line, "line \(n)")
        }
    }

    @Test("gives the reference's verdict on every single-byte mutation of the golden lines at seeded positions")
    func mutations() throws {
        let lines = try Self.goldenLines() + Self.generatedLines()
        // Bytes that make a line non-canonical, invalid JSON or invalid UTF-8, or keep it valid.
        let replacements: [UInt8] = [0x20, 0x22, 0x5C, 0x30, 0x31, 0x2D, 0x2E, 0x65, 0x61, 0x7B, 0x7D, 0x2C, 0x3A, 0x00, 0x7F, 0x80, 0xC0, 0xED, 0xFF]
        var random = SplitMix64(seed: 20_261_130)
        var count = 0, accepted = 0
        for (n, line) in lines.enumerated() {
            for _ in 0..<150 {
                let at = Int(random.next() % UInt64(line.count))
                var mutated = line
                switch random.next() % 4 {
                case 0: mutated[at] = replacements[Int(random.next() % UInt64(replacements.count))]
                case 1: mutated.remove(at: at)
                case 2: mutated.insert(line[at], at: at)
                default: mutated[at] = mutated[at] ^ (1 << UInt8(random.next() % 8))
                }
                if Self.compare(mutated, "line \(n) mutated at byte \(at)") { accepted += 1 }
                count += 1
            }
        }
        #expect(count == lines.count * 150)
        // Some mutations keep a line valid (a base64 or hex digit changed), most do not.
        #expect(accepted > 0 && accepted < count / 2)
    }

    @Test("gives the reference's verdict on hand-made non-canonical spellings")
    func spellings() throws {
        let line = try #require(
            try Self.goldenLines().map { String(decoding: $0, as: UTF8.self) }.first { $0.hasSuffix(#""v":2}"#) && $0.contains(#""task":"#) })
        let variants: [(String, String)] = [
            (#""v":2}"#, #""v":2.0}"#), (#""v":2}"#, #""v":2e0}"#), (#""v":2}"#, #""v":02}"#), (#""v":2}"#, #""v":-0}"#),
            (#""seq":"#, #""seq" :"#), (#"{"accepted""#, #"{ "accepted""#), (#""prev":""#, #""prev":"\u0030"#),
            (#""by":""#, #""b\u0079":""#), (#""type":""#, #""type":"\/"#), (#""statement":{"#, #""statement":{"body":{},"#),
            (#""sealer":"#, #""sealer":"x","sealer":"#), (#","v":2}"#, #","v":2,"w":1}"#), (#","v":2}"#, #","v":3}"#),
        ]
        var changed = 0
        for (from, to) in variants where line.contains(from) {
            let mutated = Array(line.replacingOccurrences(of: from, with: to).utf8)
            Self.compare(mutated, "\(from) → \(to)")
            changed += 1
        }
        #expect(changed >= 10)
    }

    @Test("decodes base64 exactly when Foundation's decoder and a re-encoding give back the same string")
    func base64() {
        var random = SplitMix64(seed: 4648)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n".utf8)
        var accepted = 0
        for length in 0..<70 {
            for _ in 0..<40 {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                var text = Array(Base64.encode(bytes).utf8)
                if !text.isEmpty && random.next() % 3 != 0 {
                    text[Int(random.next() % UInt64(text.count))] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                }
                let string = String(decoding: text, as: UTF8.self)
                #expect(Base64.decode(string) == Base64.referenceDecode(string), "\(string)")
                if Base64.decode(string) != nil { accepted += 1 }
            }
        }
        #expect(accepted > 100 && accepted < 70 * 40)
    }

    @Test("spells every time of years 0000-9999 as the string interpolation did")
    func timestampSpelling() {
        var random = SplitMix64(seed: 3339)
        let first = Timestamp("0000-01-01T00:00:00Z")!.secondsSinceEpoch, last = Timestamp("9999-12-31T23:59:59Z")!.secondsSinceEpoch
        for k in 0..<20_000 {
            let t = Timestamp(secondsSinceEpoch: k < 2 ? (k == 0 ? first : last) : first + Int64(random.next() % UInt64(last - first + 1)))
            let seconds = Int(t.secondsSinceEpoch - Int64(t.day.daysSinceEpoch) * 86_400)
            let old = "\(t.day)T\(Timestamp.pad(seconds / 3600)):\(Timestamp.pad(seconds / 60 % 60)):\(Timestamp.pad(seconds % 60))Z"
            #expect(t.description == old)
            #expect(Timestamp(t.description) == t)
        }
    }
}
