import LedgerCore
import LedgerProjector
import Testing

@Suite("Departments: counts, ranking and silence")
struct DepartmentTests {
    /// Seven departments whose records differ in one way each; every deadline is 2023-06-30.
    private func rankingLedger() throws -> LedgerBuilder {
        var b = try LedgerBuilder()
        for code in ["AAJ", "BBJ", "CCJ", "DDJ", "EEJ", "GGJ", "HHJ"] { try b.enrol(code) }
        try b.assign("1.1", lead: ["AAJ"], co: ["BBJ"], deadline: "2023-06-30")
        try b.assign("1.2", lead: ["AAJ"], deadline: "2023-06-30")
        try b.assign("1.3", lead: ["BBJ"], deadline: "2023-06-30")
        try b.assign("1.4", lead: ["CCJ"], deadline: "2023-06-30")
        try b.assign("1.5", lead: ["DDJ"], deadline: "2023-06-30")
        try b.assign("1.6", lead: ["GGJ"], deadline: "2023-06-30")
        try b.assign("1.7", lead: ["HHJ"], deadline: "2023-06-30")
        try b.assign("1.8", co: ["HHJ"], deadline: "2023-06-30")
        try b.complete("1.1", by: "AAJ", at: at("2023-03-01T00:00:00Z"))
        try b.complete("1.2", by: "AAJ", at: at("2023-03-02T00:00:00Z"))
        try b.complete("1.8", by: "HHJ", at: at("2023-03-03T00:00:00Z"))
        try b.delay("1.5", by: "DDJ", until: "2023-09-30", at: at("2023-05-01T00:00:00Z"))
        try b.delay("1.6", by: "GGJ", until: "2023-08-31", at: at("2023-05-01T00:00:00Z"))
        try b.complete("1.3", by: "BBJ", at: at("2023-07-05T00:00:00Z"))
        try b.complete("1.6", by: "GGJ", at: at("2023-07-10T00:00:00Z"))
        try b.progress("1.5", by: "DDJ", percent: 80, at: at("2023-07-15T00:00:00Z"))
        return b
    }

    @Test("Departments are counted per task they lead or share")
    func counts() throws {
        let state = try rankingLedger().project().state()
        let b = try #require(state.department("BBJ"))
        #expect((b.tasksLed, b.tasksShared, b.completedOnTime, b.completedLate, b.delayed, b.overdue) == (1, 1, 1, 1, 0, 0))
        let c = try #require(state.department("CCJ"))
        #expect((c.tasksLed, c.overdue, c.reports, c.lastReportAt) == (1, 1, 0, nil))
        let g = try #require(state.department("GGJ"))
        #expect((g.completedOnTime, g.completedLate, g.delayed, g.reports) == (1, 0, 1, 2))
        let h = try #require(state.department("HHJ"))
        #expect((h.tasksLed, h.tasksShared, h.completedOnTime, h.overdue) == (1, 1, 1, 1))
        #expect(state.department(LedgerBuilder.operatorCode) == nil)
    }

    @Test("Silence: whole days since the last report, or since enrolment without one; silent only beyond the limit")
    func silence() throws {
        var b = try LedgerBuilder()
        for code in ["SWJ", "ZJJ", "WLJ", "NYJ"] { try b.enrol(code) }
        try b.assign("1.1", lead: ["SWJ"], co: ["ZJJ", "WLJ", "NYJ"], deadline: "2023-12-31")
        try b.progress("1.1", by: "SWJ", percent: 10, at: at("2023-02-01T00:00:00Z"))
        try b.progress("1.1", by: "NYJ", percent: 15, at: at("2023-02-14T00:00:00Z"))
        try b.progress("1.1", by: "WLJ", percent: 20, at: at("2023-04-01T00:00:00Z"))
        let state = b.project().state(asOf: at("2023-04-15T00:00:00Z"))
        let days = ["SWJ", "ZJJ", "WLJ", "NYJ"].map { state.department($0)?.daysSinceLastReport }
        #expect(days == [73, 104, 14, 60])
        let silent = ["SWJ", "ZJJ", "WLJ", "NYJ"].map { state.department($0)?.silent }
        #expect(silent == [true, true, false, false])
        #expect(state.department("ZJJ")?.lastReportAt == nil)
        #expect(state.department("WLJ")?.lastReportAt == at("2023-04-01T00:00:00Z"))
        #expect(b.project(options: ProjectionOptions(silenceDays: 100)).state(asOf: at("2023-04-15T00:00:00Z")).department("SWJ")?.silent == false)
    }

    @Test("A department responsible for no task is never silent, however long it has not reported")
    func silentOnlyWithTasks() throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        try b.enrol("TJJ")
        try b.assign("1.1", lead: ["SWJ"], deadline: "2023-12-31")
        let state = b.project().state(asOf: at("2023-06-01T00:00:00Z"))
        #expect(state.department("TJJ")?.daysSinceLastReport == 151)
        #expect(state.department("TJJ")?.silent == false)
        #expect(state.department("SWJ")?.silent == true)
    }

    @Test("The last update of a task is its last task event of any kind")
    func lastUpdate() throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        try b.enrol("ZJJ")
        try b.assign("1.1", lead: ["SWJ"], co: ["ZJJ"], deadline: "2023-12-31", at: at("2023-01-02T00:00:00Z"))
        var task = try #require(b.project().state().task("1.1"))
        #expect((task.lastUpdateSeq, task.lastUpdateAt, task.lastUpdateBy) == (3, at("2023-01-02T00:00:00Z"), LedgerBuilder.operatorCode))
        try b.progress("1.1", by: "ZJJ", percent: 5, at: at("2023-01-09T00:00:00Z"))
        try b.enrol("WLJ", at: at("2023-01-10T00:00:00Z"))
        task = try #require(b.project().state().task("1.1"))
        #expect((task.lastUpdateSeq, task.lastUpdateAt, task.lastUpdateBy) == (4, at("2023-01-09T00:00:00Z"), "ZJJ"))
    }

    @Test("A department named in an assignment is listed even without a department key")
    func operatorWithTask() throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        try b.assign("6.1", lead: [LedgerBuilder.operatorCode], co: ["SWJ"], deadline: "2023-12-31")
        let state = b.project().state()
        #expect(state.department(LedgerBuilder.operatorCode)?.tasksLed == 1)
        #expect(state.department(LedgerBuilder.operatorCode)?.name == "发改局")
    }
}
