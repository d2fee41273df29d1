import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What a long-lived appender (the server's) relies on: one sync for a round of one-record submissions,
/// the lock released between rounds without losing what it knows, and signature checks run together.
@Suite("Append rounds of a long-lived appender", .temporaryDirectory)
struct AppendRoundTests {
    static let time = LedgerFixture.time("2023-05-01T00:00:00Z")

    func progress(_ f: LedgerFixture, _ percent: Int) throws -> SignedStatement {
        try f.statement(.progress(task: "1.6", percent: Double(percent), metrics: [], note: "第\(percent)次"), by: f.commerce, department: "SWLSJ")
    }

    @Test("a round of one-record submissions needs no intent; a batch of several records still does")
    func intentOnlyForSeveralRecords() throws {
        let f = try LedgerFixture()
        // A directory where the intent goes makes writing the intent fail: only a round that writes one fails.
        #expect(mkdir(f.directory + "/pending-append", 0o755) == 0)
        let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
        let single = try appender.appendEach([[progress(f, 1)], [progress(f, 2)], [progress(f, 3)]], accepted: Self.time)
        #expect(single.allSatisfy { (try? $0.get())?.count == 1 })
        let before = try f.logBytes()
        #expect(throws: LedgerError.self) { try appender.appendEach([[progress(f, 4)], [progress(f, 5), progress(f, 6)]], accepted: Self.time) }
        #expect(try f.logBytes() == before, "a failed round must leave the log as it was")
        #expect(try appender.append([progress(f, 7)], accepted: Self.time).map(\.seq) == [9])
    }

    @Test("a crash at every byte of a round of one-record submissions keeps whole submissions and a torn tail that recover moves aside")
    func crashInSingleRecordRound() throws {
        let f = try LedgerFixture()
        let base = try f.logBytes()
        do {
            let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
            _ = try appender.appendEach((1...3).map { [try progress(f, $0)] }, accepted: Self.time)
        }
        #expect(!FileManager.default.fileExists(atPath: f.directory + "/pending-append"))
        let written = try f.logBytes()
        let round = [UInt8](written.suffix(from: base.count))
        let lineEnds = round.indices.filter { round[$0] == 0x0A }
        try #require(lineEnds.count == 3)
        for cut in stride(from: round.count - 1, through: 0, by: -1) {
            #expect(truncate(f.logPath, off_t(base.count + cut)) == 0)
            // What a crash after `cut` bytes leaves: every whole line is a whole submission (kept, never
            // part of one), and the partial line after them is a torn tail.
            let whole = lineEnds.filter { $0 < cut }.count
            let report = try f.verify()
            #expect(report.failure == nil, "cut at \(cut)")
            #expect(report.verifiedRecords == 6 + whole, "cut at \(cut)")
            let tornAt = base.count + (whole == 0 ? 0 : lineEnds[whole - 1] + 1)
            if cut == 0 || round[cut - 1] == 0x0A {
                #expect(report.tornTail == nil, "cut at \(cut)")
            } else {
                #expect(report.tornTail?.offset == tornAt, "cut at \(cut)")
                if cut % 37 == 0 || lineEnds.contains(cut) {
                    _ = try f.ledger.recoverTornTail()
                    #expect(try f.logBytes() == written.prefix(tornAt))
                    #expect(try f.verify().isValid)
                    try written.prefix(base.count + cut).write(to: URL(fileURLWithPath: f.logPath))
                }
            }
        }
    }

    @Test("a suspended appender lets verify in, resumes when nobody wrote, and refuses to append after someone did")
    func suspendAndResume() throws {
        let f = try LedgerFixture()
        let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
        try appender.append([progress(f, 1)], accepted: Self.time)
        try appender.suspend()
        // With the lock released, verification of the same ledger in this process does not wait.
        #expect(try f.verify().verifiedRecords == 7)
        #expect(throws: LedgerError.self) { try appender.append([progress(f, 2)], accepted: Self.time) }
        #expect(try appender.resume())
        #expect(try appender.append([progress(f, 3)], accepted: Self.time).map(\.seq) == [7])
        try appender.suspend()
        // Another writer meanwhile: the suspended appender's knowledge is stale.
        try f.ledger.append([progress(f, 4)], sealer: f.office, accepted: Self.time)
        #expect(try appender.resume() == false)
        #expect(throws: LedgerError.self) { try appender.append([progress(f, 5)], accepted: Self.time) }
        let lengthBefore = try f.logBytes().count
        _ = consume appender
        #expect(try f.logBytes().count == lengthBefore)
        // A new appender learns the log as it is and chains after the other writer's record.
        let fresh = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
        #expect(try fresh.append([progress(f, 6)], accepted: Self.time).map(\.seq) == [9])
        _ = consume fresh
        let report = try f.verify()
        #expect(report.isValid && report.verifiedRecords == 10)
    }

    @Test("a bad signature in a round refuses its submission only, named as the serial appender names it")
    func badSignatureInRound() throws {
        let f = try LedgerFixture()
        let good = try progress(f, 1)
        let signed = try progress(f, 2)
        var signature = signed.signature
        signature[0] ^= 0x01
        let forged = SignedStatement(statement: signed.statement, signature: signature)
        let results: [Result<[Receipt], LedgerError>]
        do {
            let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
            results = try appender.appendEach([[good], [forged], [try progress(f, 3)], [good, try progress(f, 4)]], accepted: Self.time)
        }
        try #require(results.count == 4)
        #expect(try results[0].get().map(\.seq) == [6])
        #expect(try results[2].get().map(\.seq) == [7])
        guard case .failure(.record(let refusal)) = results[1] else {
            Issue.record("the forged statement was not refused: \(results[1])")
            return
        }
        #expect(refusal.code == .badSignature && refusal.field == "statement.sig" && refusal.seq == 7, "\(refusal)")
        guard case .failure(.record(let duplicate)) = results[3] else {
            Issue.record("the repeated statement was not refused: \(results[3])")
            return
        }
        #expect(duplicate.code == .duplicateStatement)
        let report = try f.verify()
        #expect(report.isValid && report.verifiedRecords == 8)
    }

    @Test("statements checked before the round are accepted as usual, and a check made for other bytes or another key vouches for nothing")
    func verifiedBeforehand() throws {
        let f = try LedgerFixture()
        let first = try progress(f, 1)
        let second = try progress(f, 2)
        var verified = VerifiedStatements()
        let checkedFirst = verified.check(first, key: f.commerce.publicKey)
        #expect(checkedFirst)
        let checkedSecond = verified.check(second, key: f.housing.publicKey)
        #expect(!checkedSecond, "another department's key must not verify it")
        // The first statement's signature on the second statement's bytes: checked, and refused.
        let transplanted = SignedStatement(statement: second.statement, signature: first.signature)
        let results: [Result<[Receipt], LedgerError>]
        do {
            let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
            results = try appender.appendEach([[first], [transplanted], [try progress(f, 3)]], accepted: Self.time, verified: verified)
        }
        #expect(try results[0].get().map(\.seq) == [6])
        #expect(try results[2].get().map(\.seq) == [7])
        guard case .failure(.record(let refusal)) = results[1] else {
            Issue.record("a transplanted signature was accepted: \(results[1])")
            return
        }
        #expect(refusal.code == .badSignature && refusal.field == "statement.sig")
        let report = try f.verify()
        #expect(report.isValid && report.verifiedRecords == 8)
    }
}
