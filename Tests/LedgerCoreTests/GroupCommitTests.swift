import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// Several independent batches written with one sync (what a server does with submissions that arrive
/// together): each is judged as consecutive appends would judge it, a refused one is left out whole.
@Suite("Appending several batches at once", .temporaryDirectory)
struct GroupCommitTests {
    @Test("each batch is accepted or refused whole, judged after the accepted ones before it, and the log verifies")
    func batchesJudgedInOrder() throws {
        let f = try LedgerFixture()
        let a = try f.statement(.progress(task: "1.6", percent: 30, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")
        let c = try f.statement(.progress(task: "2.2", percent: 10, metrics: [], note: nil), by: f.housing, department: "ZJJ")
        // SWLSJ does not share task 2.2: this refuses the batch it is in, and only that batch.
        let outside = try f.statement(.progress(task: "2.2", percent: 20, metrics: [], note: nil), by: f.commerce, department: "SWLSJ")
        let results: [Result<[Receipt], LedgerError>]
        do {
            let appender = try Ledger.Appender(ledger: f.ledger, sealer: f.office)
            results = try appender.appendEach([[a], [a], [c, outside], [c]], accepted: LedgerFixture.time("2023-05-01T00:00:00Z"))
        }
        try #require(results.count == 4)
        #expect(try results[0].get().map(\.seq) == [6])
        #expect(try results[3].get().map(\.seq) == [7])
        for (index, expected) in [(1, RecordError.Code.duplicateStatement), (2, .notAuthorized)] {
            guard case .failure(.record(let refusal)) = results[index] else {
                Issue.record("batch \(index) should have been refused: \(results[index])")
                continue
            }
            #expect(refusal.code == expected, "batch \(index): \(refusal)")
        }
        // The receipts name the records as written, and the head after the last one.
        let last = try results[3].get()[0]
        #expect(last.head == last.recordHash)
        let report = try Verifier.verify(f.ledger)
        #expect(report.isValid)
        #expect(report.verifiedRecords == 8)
    }
}
