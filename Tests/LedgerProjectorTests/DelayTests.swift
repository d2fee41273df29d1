import LedgerCore
import LedgerProjector
import Testing

@Suite("Delays and status")
struct DelayTests {
    @Test("A delay moves the deadline in force and is listed with who, when, why and the dates")
    func delayMovesDeadline() throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        try b.enrol("ZJJ")
        try b.assign("2.3", lead: ["SWJ"], co: ["ZJJ"], deadline: "2023-06-30")
        try b.progress("2.3", by: "SWJ", percent: 40, at: at("2023-03-01T00:00:00Z"))
        try b.delay("2.3", by: "ZJJ", reason: "用地指标未落实", until: "2023-09-30", at: at("2023-05-20T03:00:00Z"))

        let delayed = try #require(b.project().state().task("2.3"))
        #expect(delayed.status == .delayed)
        #expect(delayed.percent == 40)
        #expect(delayed.originalDeadline == day("2023-06-30"))
        #expect(delayed.deadline == day("2023-09-30"))
        #expect(delayed.delays.count == 1)
        let entry = try #require(delayed.delays.first)
        #expect(entry.seq == 5 && entry.accepted == at("2023-05-20T03:00:00Z") && entry.department == "ZJJ")
        #expect(entry.reason == "用地指标未落实")
        #expect(entry.previousDeadline == day("2023-06-30") && entry.until == day("2023-09-30"))
        #expect(delayed.lastUpdateSeq == 5 && delayed.lastUpdateBy == "ZJJ")

        // Past the original deadline but within the new one: not overdue (it may be red for lagging behind 序时进度).
        let july = try #require(b.project().state(asOf: at("2023-07-15T00:00:00Z")).task("2.3"))
        #expect(july.lightReasonCode.kind != .overdue && !july.everOverdue)

        try b.delay("2.3", by: "SWJ", reason: "再次延期", until: "2023-11-30", at: at("2023-09-01T00:00:00Z"))
        try b.progress("2.3", by: "SWJ", percent: 70, at: at("2023-09-02T00:00:00Z"))
        let later = try #require(b.project().state().task("2.3"))
        #expect(later.status == .inProgress && later.percent == 70)
        #expect(later.delays.map(\.previousDeadline) == [day("2023-06-30"), day("2023-09-30")])
        #expect(later.deadline == day("2023-11-30"))
        #expect(later.reports == 4)
    }

    @Test("Status runs assigned → in-progress → delayed → in-progress → completed")
    func statusSequence() throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        try b.assign("1.1", lead: ["SWJ"], deadline: "2023-12-31")
        var statuses = [b.project().state().task("1.1")?.status]
        try b.progress("1.1", by: "SWJ", percent: 10, at: at("2023-02-01T00:00:00Z"))
        statuses.append(b.project().state().task("1.1")?.status)
        try b.delay("1.1", by: "SWJ", until: "2024-03-31", at: at("2023-03-01T00:00:00Z"))
        statuses.append(b.project().state().task("1.1")?.status)
        try b.progress("1.1", by: "SWJ", percent: 60, at: at("2023-04-01T00:00:00Z"))
        statuses.append(b.project().state().task("1.1")?.status)
        try b.complete("1.1", by: "SWJ", at: at("2023-05-01T00:00:00Z"))
        statuses.append(b.project().state().task("1.1")?.status)
        #expect(statuses == [.assigned, .inProgress, .delayed, .inProgress, .completed])
    }
}
