import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// Every kind of tampering must fail verification at the record that was touched.
@Suite("Tamper evidence", .temporaryDirectory)
struct TamperTests {
    /// A fixture with reports: records 0…9.
    static func fixture(_ suite: Suite = .ed25519sha256) throws -> LedgerFixture {
        let f = try LedgerFixture(suite: suite)
        try f.addReports()
        return f
    }

    static func expectFailure(_ f: LedgerFixture, at seq: Int, _ comment: Comment) throws {
        let report = try f.verify()
        #expect(report.failure?.seq == seq, comment)
        #expect(!report.isValid, comment)
        #expect(report.verifiedRecords == seq, comment)
    }

    /// Every leaf value of a JSON tree, with its path.
    static func leaves(_ value: JSONValue, path: String = "") -> [(String, JSONValue)] {
        switch value {
        case .object(let o): o.keys.sorted().flatMap { leaves(o[$0]!, path: path.isEmpty ? $0 : "\(path).\($0)") }
        case .array(let a): a.enumerated().flatMap { leaves($1, path: "\(path)[\($0)]") }
        default: [(path, value)]
        }
    }

    /// The same tree with the leaf at `path` changed to a different value of the same type.
    static func mutate(_ value: JSONValue, at path: String, current: String = "") -> JSONValue {
        switch value {
        case .object(let o):
            return .object(Dictionary(uniqueKeysWithValues: o.map { k, v in (k, mutate(v, at: path, current: current.isEmpty ? k : "\(current).\(k)")) }))
        case .array(let a):
            return .array(a.enumerated().map { mutate($1, at: path, current: "\(current)[\($0)]") })
        case .string(let s) where current == path:
            // Change the last character to another of the same kind, so the value stays well-formed where it can.
            var chars = Array(s)
            guard let last = chars.last else { return .string("x") }
            chars[chars.count - 1] = last == "0" ? "1" : last.isNumber ? "0" : last == "a" ? "b" : last.isASCII ? "a" : "乙"
            if s.hasSuffix("=") { chars = Array((s.hasPrefix("A") ? "B" : "A") + s.dropFirst()) }  // base64: change the first character, not the padding
            return .string(String(chars))
        case .number(let n) where current == path:
            return .number(n == 100 ? 99 : n + 1)
        case .bool(let b) where current == path:
            return .bool(!b)
        default:
            return value
        }
    }

    @Test("changing any field of any record fails verification at that record", arguments: Suite.allCases)
    func everyField(suite: Suite) throws {
        let f = try Self.fixture(suite)
        let original = try f.lines()
        var cases = 0
        for (seq, line) in original.enumerated() {
            let value = try JSONValue.parse(line)
            for (path, _) in Self.leaves(value) {
                var lines = original
                lines[seq] = Self.mutate(value, at: path).canonicalBytes
                #expect(lines[seq] != line, "mutation of \(path) changed nothing")
                try f.write(lines: lines)
                try Self.expectFailure(f, at: seq, "record \(seq) field \(path)")
                cases += 1
            }
        }
        try f.write(lines: original)
        #expect(try f.verify().isValid)
        #expect(cases > 100)
    }

    @Test("flipping any single byte fails verification at that record")
    func byteFlips() throws {
        let f = try Self.fixture()
        let original = try f.lines()
        var generator = SplitMix64(seed: 2023)
        for seq in original.indices {
            for _ in 0..<12 {
                var lines = original
                let position = Int(generator.next() % UInt64(lines[seq].count))
                lines[seq][position] ^= UInt8(1 << (generator.next() % 7))
                if lines[seq][position] == 0x0A { continue }  // a new line break is a different test (insertion)
                try f.write(lines: lines)
                try Self.expectFailure(f, at: seq, "record \(seq) byte \(position)")
            }
        }
    }

    @Test("removing, duplicating or reordering records fails at the first displaced record")
    func structural() throws {
        let f = try Self.fixture()
        let original = try f.lines()
        for seq in 1..<original.count {
            var removed = original
            removed.remove(at: seq)
            if seq < original.count - 1 {
                try f.write(lines: removed)
                try Self.expectFailure(f, at: seq, "removed \(seq)")
            }
            var duplicated = original
            duplicated.insert(original[seq], at: seq + 1)
            try f.write(lines: duplicated)
            try Self.expectFailure(f, at: seq + 1, "duplicated \(seq)")
            if seq < original.count - 1 {
                var swapped = original
                swapped.swapAt(seq, seq + 1)
                try f.write(lines: swapped)
                try Self.expectFailure(f, at: seq, "swapped \(seq) and \(seq + 1)")
            }
        }
    }

    @Test("removing record 0 fails at record 0")
    func removeGenesis() throws {
        let f = try Self.fixture()
        try f.write(lines: Array(try f.lines().dropFirst()))
        try Self.expectFailure(f, at: 0, "genesis removed")
    }

    @Test("truncating inside a line is a torn tail; truncating whole records loses the receipt's anchor")
    func truncation() throws {
        let f = try Self.fixture()
        let original = try f.lines()
        let lastReceiptHead = try f.verify().head
        var bytes = try f.logBytes()
        bytes.removeLast(17)
        try bytes.write(to: URL(fileURLWithPath: f.logPath))
        let torn = try f.verify()
        #expect(!torn.isValid && torn.tornTail != nil && torn.verifiedRecords == original.count - 1)

        try f.write(lines: Array(original.dropLast(2)))
        let shorter = try Verifier.verify(f.ledger, anchor: lastReceiptHead)
        #expect(shorter.isValid)
        #expect(shorter.anchorSeq == nil)
        try f.write(lines: original)
        #expect(try Verifier.verify(f.ledger, anchor: lastReceiptHead).anchorSeq == original.count - 1)
    }

    @Test("a line that is valid JSON but not canonical fails at that record")
    func nonCanonical() throws {
        let f = try Self.fixture()
        var lines = try f.lines()
        lines[4] = Array(String(decoding: lines[4], as: UTF8.self).replacingOccurrences(of: "\":", with: "\": ").utf8)
        try f.write(lines: lines)
        try Self.expectFailure(f, at: 4, "spaces after colons")
        #expect(try f.verify().failure?.code == .malformed)
    }

    @Test("swapping signatures between two records fails at the first of them")
    func swapSignatures() throws {
        let f = try Self.fixture()
        var lines = try f.lines()
        var a = try JSONValue.parse(lines[6]).objectValue!, b = try JSONValue.parse(lines[8]).objectValue!
        var sa = a["statement"]!.objectValue!, sb = b["statement"]!.objectValue!
        (sa["sig"], sb["sig"]) = (sb["sig"], sa["sig"])
        a["statement"] = .object(sa)
        b["statement"] = .object(sb)
        lines[6] = JSONValue.object(a).canonicalBytes
        lines[8] = JSONValue.object(b).canonicalBytes
        try f.write(lines: lines)
        try Self.expectFailure(f, at: 6, "swapped statement signatures")
        #expect(try f.verify().failure?.code == .badSignature)
    }

    /// Records that a well-behaved ledger would refuse, written directly (sealed by the office, so only
    /// the rule itself can catch them), must fail verification at their position.
    @Test(
        "forged records fail at their position with the rule they break",
        arguments: [
            ("revoked key", RecordError.Code.revokedKey),
            ("wrong department", .notAuthorized),
            ("key of another department", .notAuthorized),
            ("unknown key", .unknownKey),
            ("time going backwards", .timeWentBackwards),
            ("replayed statement", .duplicateStatement),
            ("statement for another ledger", .wrongLedger),
            ("sealed by a revoked operator", .revokedKey),
        ])
    func forged(name: String, code: RecordError.Code) throws {
        let f = try Self.fixture()
        let second = try SigningKey.generate(suite: f.suite)
        try f.appendByOffice(.keyEnrolled(department: "ZBBGS", name: "专班办公室", role: .operator, key: second.publicKey), at: "2023-10-01T00:00:00Z")
        try f.appendByOffice(.keyRevoked(key: f.housing.publicKey.keyID(in: f.suite), reason: "调离"), at: "2023-10-02T00:00:00Z")
        var (state, _) = try f.ledger.replay(verifySignatures: true)
        let seq = state.nextSeq
        var accepted = "2023-11-01T00:00:00Z"
        var sealer = f.office
        let statement: SignedStatement
        let progress = Event.progress(task: "1.6", percent: 70, metrics: [], note: nil)
        switch name {
        case "revoked key":
            statement = try f.statement(progress, by: f.housing, department: "ZJJ")
        case "wrong department":
            statement = try f.statement(.progress(task: "2.2", percent: 70, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")
        case "key of another department":
            statement = try f.statement(progress, by: f.commerce, department: "ZJJ")
        case "unknown key":
            statement = try f.statement(progress, by: try SigningKey.generate(suite: f.suite), department: "SWLSJ")
        case "time going backwards":
            statement = try f.statement(progress, by: f.commerce, department: "SWLSJ")
            accepted = "2023-01-01T00:00:00Z"
        case "replayed statement":
            let lines = try f.lines()
            statement = try Record(line: lines[6], expectedSeq: 6).signed
        case "statement for another ledger":
            statement = try Statement(
                ledger: "another-ledger", time: LedgerFixture.time(accepted), department: "SWLSJ", keyID: f.commerce.publicKey.keyID(in: f.suite),
                event: progress
            ).signed(with: f.commerce)
        default:
            try f.appendByOffice(.keyRevoked(key: f.office.publicKey.keyID(in: f.suite), reason: "rotated duty"), at: "2023-10-03T00:00:00Z")
            (state, _) = try f.ledger.replay(verifySignatures: true)
            statement = try f.statement(progress, by: f.commerce, department: "SWLSJ")
            sealer = f.office
        }
        let position = state.nextSeq
        let record = try Record(seq: position, prev: state.head, accepted: LedgerFixture.time(accepted), signed: statement, sealer: sealer)
        try f.write(lines: try f.lines() + [record.line])
        try Self.expectFailure(f, at: position, "\(name)")
        let failure = try f.verify().failure
        #expect(failure?.code == code, "\(name): \(String(describing: failure))")
        _ = seq
    }

    @Test("batched, overlapped signature checks still name the first bad record and deliver records in order", arguments: [1, 2, 3, 4096])
    func batches(batchSize: Int) throws {
        let f = try Self.fixture()
        var delivered: [Int] = []
        let clean = try Verifier.verify(f.ledger, batchSize: batchSize) { record in
            delivered.append(record.seq)
            return true
        }
        #expect(clean.isValid)
        #expect(delivered == Array(0..<10))
        let original = try f.lines()
        for bad in [1, 4, 8] {
            for also in [nil, bad + 1] as [Int?] {
                var lines = original
                for seq in [bad] + (also.map { [$0] } ?? []) {
                    var record = try #require(try JSONValue.parse(lines[seq]).objectValue)
                    var statement = try #require(record["statement"]?.objectValue)
                    statement["sig"] = record["seal"]  // a well-formed signature, made over other bytes
                    record["statement"] = .object(statement)
                    lines[seq] = JSONValue.object(record).canonicalBytes
                }
                try f.write(lines: lines)
                var seen: [Int] = []
                let report = try Verifier.verify(f.ledger, batchSize: batchSize) { record in
                    seen.append(record.seq)
                    return true
                }
                #expect(report.failure?.seq == bad, "batch \(batchSize), bad \(bad)")
                #expect(report.failure?.code == .badSignature)
                #expect(seen.allSatisfy { $0 < bad }, "records after the failure were delivered: \(seen)")
            }
        }
        try f.write(lines: original)
    }

    @Test("with failures in several batches checked at once, the report names the smallest failing record, its field and reason", arguments: [1, 8, 64])
    func failuresInSeveralBatches(batchSize: Int) throws {
        let f = try Self.fixture()
        // 190 more reports in one append: records 10…199, so 8-record batches keep every core's queue full.
        let reports = try (10..<200).map { i in
            try f.statement(.progress(task: "1.6", percent: 60, metrics: [], note: "第\(i)次调度"), by: f.commerce, department: "SWLSJ")
        }
        try f.ledger.append(reports, sealer: f.office, accepted: LedgerFixture.time("2023-10-01T00:00:00Z"))
        let original = try f.lines()
        #expect(original.count == 200)
        /// The line with `member` ("statement.sig", "seal" or "prev") replaced by a well-formed value that does not fit.
        func broken(_ seq: Int, _ members: [String]) throws -> [UInt8] {
            var record = try #require(try JSONValue.parse(original[seq]).objectValue)
            var statement = try #require(record["statement"]?.objectValue)
            for member in members {
                switch member {
                case "statement.sig": statement["sig"] = record["seal"]  // a valid signature, over other bytes, by another key
                case "seal": record["seal"] = try #require(try JSONValue.parse(original[seq - 1]).objectValue?["seal"])
                default: record["prev"] = .string(String(repeating: "ab", count: 32))
                }
            }
            record["statement"] = .object(statement)
            return JSONValue.object(record).canonicalBytes
        }
        // Failures in four batches, latest first: each round repairs the earliest and expects the next.
        var damage: [(seq: Int, members: [String], field: String, code: RecordError.Code)] = [
            (41, ["seal", "statement.sig"], "statement.sig", .badSignature),  // both signatures bad: the statement's is checked first
            (70, ["statement.sig"], "statement.sig", .badSignature),
            (151, ["seal"], "seal", .badSignature),
            (180, ["prev"], "prev", .chainBroken),  // stops the read while earlier batches are still being checked
        ]
        while let first = damage.first {
            var lines = original
            for d in damage { lines[d.seq] = try broken(d.seq, d.members) }
            try f.write(lines: lines)
            var delivered: [Int] = []
            let report = try Verifier.verify(f.ledger, batchSize: batchSize) { record in
                delivered.append(record.seq)
                return true
            }
            let failure = try #require(report.failure, "batch \(batchSize): \(first.seq) not reported")
            #expect(failure.seq == first.seq, "batch \(batchSize): \(failure)")
            #expect(failure.field == first.field, "batch \(batchSize): \(failure)")
            #expect(failure.code == first.code, "batch \(batchSize): \(failure)")
            #expect(report.verifiedRecords == first.seq)
            #expect(report.head == Record.hash(line: original[first.seq - 1], suite: f.suite))
            #expect(delivered == Array(0..<delivered.count) && delivered.count <= first.seq, "delivered \(delivered.last ?? -1)")
            damage.removeFirst()
        }
        try f.write(lines: original)
        #expect(try f.verify().isValid)
    }
}
