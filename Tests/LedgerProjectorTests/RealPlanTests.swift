import Foundation
import LedgerCore
import LedgerProjector
import Testing

/// The repository's `ledger/` folder, found from this file's path.
private let ledgerFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ledger")

@Suite("The real plan")
struct RealPlanTests {
    @Test("Pingjiang's plan imports and projects: 30 tasks in natural order, headline targets first, every named department listed")
    func realPlan() throws {
        let plan = try PlanFile(data: Data(contentsOf: ledgerFolder.appendingPathComponent("plan.json")))
        let units = try DepartmentsFile(data: Data(contentsOf: ledgerFolder.appendingPathComponent("departments.json")))
        var b = try LedgerBuilder(start: at("2023-01-03T01:00:00Z"))
        for unit in units.departments where unit.code != LedgerBuilder.operatorCode {
            try b.enrol(unit.code, name: unit.name)
        }
        for event in try plan.events() { try b.append(event, by: LedgerBuilder.operatorCode, at: b.lastAccepted) }
        let first = try #require(plan.tasks.first { !$0.lead.isEmpty && !$0.targets.isEmpty })
        let target = try #require(first.targets.first)
        try b.progress(
            first.id, by: first.lead[0], percent: 60,
            metrics: [MetricValue(metric: target.metric, value: target.value / 2, unit: target.unit)], at: at("2023-06-01T02:00:00Z"))

        let state = b.project().state()
        #expect(state.tasks.count == plan.tasks.count)
        #expect(state.tasks.map(\.id) == plan.tasks.map(\.id))
        #expect(state.plan.first?.scope == "headline")
        #expect(state.plan.count == plan.headlineTargets.count + plan.sections.reduce(0) { $0 + $1.targets.count })
        let named = Set(plan.tasks.flatMap { $0.lead + $0.co })
        #expect(named.isSubset(of: Set(state.departments.map(\.code))))
        let reported = try #require(state.task(first.id)?.metrics.first)
        #expect(reported.achievement == 0.5 || target.comparator == "<=")
        #expect(state.tasks.allSatisfy { $0.deadline == day("2023-12-31") })
    }
}
