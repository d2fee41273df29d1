import LedgerCore
import LedgerProjector
import Testing

@Suite("Rule B: what changed in a period, for the 月通报")
struct PeriodChangesTests {
    @Test("Newly closed, newly red, extensions granted and ranking moves between two cuts; findings are empty until recorded")
    func changes() throws {
        var b = try LedgerBuilder(start: at("2022-12-31T15:00:00Z"))
        for code in ["AAJ", "BBJ", "CCJ"] { try b.enrol(code) }
        try b.assign("1", lead: ["AAJ"], deadline: "2023-12-31")
        try b.assign("2", lead: ["BBJ"], deadline: "2023-05-31")
        try b.assign("3", lead: ["CCJ"], deadline: "2023-12-31")
        try b.progress("1", by: "AAJ", percent: 30, at: at("2023-04-10T00:00:00Z"))
        try b.progress("3", by: "CCJ", percent: 40, at: at("2023-04-10T00:00:02Z"))
        try b.progress("2", by: "BBJ", percent: 95, at: at("2023-05-20T00:00:00Z"))
        let mayEnd = b.records.count
        try b.complete("1", by: "AAJ", at: at("2023-06-05T00:00:00Z"))
        try b.delay("3", by: "CCJ", until: "2024-03-31", at: at("2023-06-10T00:00:00Z"))
        let before = b.project(mayEnd).state(asOf: at("2023-05-31T15:59:59Z"))
        let after = b.project().state(asOf: at("2023-06-30T15:59:59Z"))
        let changes = PeriodChanges(before: before, after: after)
        #expect(changes.newlyClosed.map(\.id) == ["1"])
        #expect(changes.newlyRed.map(\.id) == ["2"], "2 went overdue on 1 June")
        #expect(changes.extensions.map(\.task) == ["3"] && changes.extensions.first?.delay.until == day("2024-03-31"))
        #expect(changes.findingsOpened.isEmpty && changes.findingsClosed.isEmpty)
        #expect(changes.ruleBreaks.isEmpty)
        let moves = Dictionary(uniqueKeysWithValues: changes.rankMoves.map { ($0.department, ($0.before, $0.after)) })
        #expect(moves["BBJ"]?.1 == 3, "the overdue unit falls to the bottom")
        #expect(changes.rankMoves.first?.department == "BBJ", "the biggest fall first")
    }
}
