import LedgerCore
import LedgerProjector
import Testing

@Suite("Days late: local calendar days in the ledger's offset, counted once")
struct DaysLateTests {
    /// A +08:00 ledger with two tasks due 2023-06-30: 1.1 never reported, 1.2 completed at 00:30 on
    /// 2 July local time, which is still 1 July in UTC.
    static func ledger() throws -> LedgerBuilder {
        var b = try LedgerBuilder(utcOffset: "+08:00")
        try b.enrol("SWJ")
        try b.assign("1.1", lead: ["SWJ"], deadline: "2023-06-30")
        try b.assign("1.2", lead: ["SWJ"], deadline: "2023-06-30")
        try b.complete("1.2", by: "SWJ", at: at("2023-07-01T16:30:00Z"))
        return b
    }

    /// 00:30 on 3 July in +08:00, still 2 July in UTC.
    static let nearMidnight = at("2023-07-02T16:30:00Z")

    @Test("An overdue task's days late are local days, as its light reason says, where UTC days are one fewer")
    func overdue() throws {
        let state = try Self.ledger().project().state(asOf: Self.nearMidnight)
        let task = try #require(state.task("1.1"))
        #expect(task.lightReasonCode == .overdue(deadline: day("2023-06-30"), daysLate: 3))
        #expect(task.daysLate == 3)
        #expect(task.missedDeadline == day("2023-06-30"))
        #expect(Self.nearMidnight.day.daysSinceEpoch - day("2023-06-30").daysSinceEpoch == 2, "the UTC count the audit view used to show")
    }

    @Test("A late completion's days late are local days from the missed deadline to the completion day")
    func lateCompletion() throws {
        let state = try Self.ledger().project().state(asOf: Self.nearMidnight)
        let task = try #require(state.task("1.2"))
        #expect(task.daysLate == 2, "completed on 2 July local time; UTC would say 1 July, 1 day")
        #expect(task.lightReason == "completed late: on 2023-07-02, 2 days after the deadline 2023-06-30")
    }

    @Test("A late completion counts from the deadline it missed, not from one a later delay set")
    func afterDelay() throws {
        var b = try LedgerBuilder(utcOffset: "+08:00")
        try b.enrol("SWJ")
        try b.assign("1.1", lead: ["SWJ"], deadline: "2023-06-30")
        try b.progress("1.1", by: "SWJ", percent: 50, at: at("2023-07-05T02:00:00Z"))  // overdue since 1 July
        try b.delay("1.1", by: "SWJ", until: "2023-09-30", at: at("2023-07-06T02:00:00Z"))
        try b.complete("1.1", by: "SWJ", at: at("2023-07-10T02:00:00Z"))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.completedLate)
        #expect(task.missedDeadline == day("2023-06-30"))
        #expect(task.daysLate == 10)
    }

    @Test("The audit tables show the count and the deadline the light reason states")
    func auditAgrees() throws {
        let state = try Self.ledger().project().state(asOf: Self.nearMidnight)
        let overdue = state.auditTable(.overdue)
        let overdueRow = try #require(overdue.rows.first)
        #expect(overdue.rows.count == 1)
        #expect(overdue.value(.task, in: overdueRow) == .text("1.1"))
        #expect(overdue.value(.daysOverdue, in: overdueRow) == .integer(3))
        let late = state.auditTable(.lateCompletions)
        let lateRow = try #require(late.rows.first)
        #expect(late.value(.task, in: lateRow) == .text("1.2"))
        #expect(late.value(.deadline, in: lateRow) == .day(day("2023-06-30")))
        #expect(late.value(.daysLate, in: lateRow) == .integer(2))
    }

    @Test("Tasks that missed nothing have no days late")
    func none() throws {
        var b = try LedgerBuilder(utcOffset: "+08:00")
        try b.enrol("SWJ")
        try b.assign("1.1", lead: ["SWJ"], deadline: "2023-12-31")
        try b.complete("1.1", by: "SWJ", at: at("2023-06-01T00:00:00Z"))
        try b.assign("1.2", lead: ["SWJ"], deadline: "2023-12-31")
        let state = b.project().state()
        #expect(state.tasks.allSatisfy { $0.daysLate == nil && $0.missedDeadline == nil })
    }
}
