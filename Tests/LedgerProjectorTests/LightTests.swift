import LedgerCore
import Testing

@testable import LedgerProjector

/// Task 1.1, led by 商务粮食局 (SWJ), assigned 2023-01-01T00:00Z with deadline 2023-06-30 in +08:00,
/// which ends at 2023-06-30T16:00:00Z.
private func ledgerWithOneTask() throws -> LedgerBuilder {
    var b = try LedgerBuilder()
    try b.enrol("SWJ", name: "商务粮食局")
    try b.assign("1.1", lead: ["SWJ"], deadline: "2023-06-30")
    return b
}

@Suite("Traffic lights, judged by acceptance time")
struct LightTests {
    @Test("A task not completed by the end of its deadline day is red (逾期) and marked ever overdue")
    func redPastDeadline() throws {
        var b = try ledgerWithOneTask()
        try b.progress("1.1", by: "SWJ", percent: 50, at: at("2023-03-01T00:00:00Z"))
        let task = try #require(b.project().state(asOf: at("2023-07-03T00:00:00Z")).task("1.1"))
        #expect(task.light == .red)
        #expect(task.lightReasonCode == .overdue(deadline: day("2023-06-30"), daysLate: 3))
        #expect(task.lightReason == "past deadline 2023-06-30 by 3 days")
        #expect(task.everOverdue)
        #expect(task.status == .inProgress)
    }

    @Test(
        "The deadline day ends at midnight in the ledger's offset, not in UTC",
        arguments: [
            ("2023-06-30T15:59:59Z", Light.yellow), ("2023-06-30T16:00:00Z", Light.red),
        ])
    func deadlineBoundary(accepted: String, light: Light) throws {
        var b = try ledgerWithOneTask()
        try b.progress("1.1", by: "SWJ", percent: 99, at: at(accepted))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.light == light)
        #expect(task.everOverdue == (light == .red))
    }

    @Test("A task due within the warning window is yellow (临期)")
    func yellowDueSoon() throws {
        var b = try ledgerWithOneTask()
        try b.progress("1.1", by: "SWJ", percent: 90, at: at("2023-06-10T02:00:00Z"))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.light == .yellow)
        #expect(task.lightReasonCode == .dueSoon(deadline: day("2023-06-30"), daysLeft: 20))
        #expect(task.lightReason == "due in 20 days (deadline 2023-06-30)")
        let relaxed = b.project(options: ProjectionOptions(warningDays: 10)).state().task("1.1")
        #expect(relaxed?.light == .green)
    }

    @Test("A task behind 序时进度 by more than the tolerance is yellow (滞后)")
    func yellowBehindSchedule() throws {
        var b = try ledgerWithOneTask()
        try b.progress("1.1", by: "SWJ", percent: 35, at: at("2023-04-01T00:00:00Z"))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.light == .yellow)
        #expect(task.lightReasonCode == .behindSchedule(percent: 35, expected: 50))
        #expect(task.lightReason == "behind schedule: 35% vs 50% expected")
        let tolerant = b.project(options: ProjectionOptions(scheduleTolerance: 45)).state().task("1.1")
        #expect(tolerant?.light == .green)
    }

    @Test("A task on schedule and not due soon is green")
    func greenOnTrack() throws {
        var b = try ledgerWithOneTask()
        try b.progress("1.1", by: "SWJ", percent: 45, at: at("2023-04-01T00:00:00Z"))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.light == .green)
        #expect(task.lightReasonCode == .onTrack(percent: 45, expected: 50))
        #expect(task.lightReason == "on track: 45% vs 50% expected")
        #expect(!task.everOverdue)
    }

    @Test("A task completed by its deadline is green, and stays green long after")
    func completedOnTime() throws {
        var b = try ledgerWithOneTask()
        try b.complete("1.1", by: "SWJ", at: at("2023-06-30T15:59:59Z"))
        let projector = b.project()
        for asOf in [at("2023-06-30T15:59:59Z"), at("2025-01-01T00:00:00Z")] {
            let task = try #require(projector.state(asOf: asOf).task("1.1"))
            #expect(task.light == .green)
            #expect(!task.completedLate && !task.everOverdue)
            #expect(task.status == .completed && task.percent == 100)
            #expect(task.completedSeq == 3 && task.completedBy == "SWJ")
            #expect(task.lightReasonCode == .completedOnTime(completed: day("2023-06-30"), deadline: day("2023-06-30")))
            #expect(task.lightReason == "completed on time: on 2023-06-30, deadline 2023-06-30")
        }
    }

    @Test("A task completed after its deadline is red with 逾期完成 for good")
    func completedLateStaysRed() throws {
        var b = try ledgerWithOneTask()
        try b.complete("1.1", by: "SWJ", at: at("2023-07-02T01:00:00Z"))
        let projector = b.project()
        for asOf in [at("2023-07-02T01:00:00Z"), at("2030-01-01T00:00:00Z")] {
            let task = try #require(projector.state(asOf: asOf).task("1.1"))
            #expect(task.light == .red)
            #expect(task.lightReasonCode == .completedLate(completed: day("2023-07-02"), deadline: day("2023-06-30")))
            #expect(task.lightReason == "completed late: on 2023-07-02, 2 days after the deadline 2023-06-30")
            #expect(task.completedLate && task.everOverdue)
        }
    }

    @Test("A red task delayed afterwards and completed within the new date is still 逾期完成")
    func overdueThenDelayedThenCompleted() throws {
        var b = try ledgerWithOneTask()
        try b.delay("1.1", by: "SWJ", until: "2023-09-30", at: at("2023-07-05T00:00:00Z"))
        try b.complete("1.1", by: "SWJ", at: at("2023-09-01T00:00:00Z"))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.light == .red)
        #expect(
            task.lightReasonCode == .completedLate(completed: day("2023-09-01"), deadline: day("2023-06-30")), "the deadline it missed, not the delayed one")
        #expect(task.completedLate && task.everOverdue)
    }

    @Test("A task delayed in time and completed within the delayed date is yellow, not late")
    func completedAfterDelay() throws {
        var b = try ledgerWithOneTask()
        try b.delay("1.1", by: "SWJ", until: "2023-09-30", at: at("2023-06-01T00:00:00Z"))
        try b.complete("1.1", by: "SWJ", at: at("2023-09-01T00:00:00Z"))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.light == .yellow)
        #expect(task.lightReasonCode == .completedAfterDelay(completed: day("2023-09-01"), originalDeadline: day("2023-06-30"), deadline: day("2023-09-30")))
        #expect(task.lightReason == "completed after delay: on 2023-09-01, deadline moved from 2023-06-30 to 2023-09-30")
        #expect(!task.completedLate && !task.everOverdue)
    }

    @Test("A task due soon and behind schedule gives both reasons; on its deadline day it is due today")
    func dueSoonAndBehind() throws {
        var b = try ledgerWithOneTask()
        try b.progress("1.1", by: "SWJ", percent: 75, at: at("2023-06-10T02:00:00Z"))
        let projector = b.project()
        let task = try #require(projector.state().task("1.1"))
        #expect(task.light == .yellow)
        guard case .dueSoonAndBehind(let deadline, 20, 75, let expected) = task.lightReasonCode else {
            Issue.record("unexpected reason \(task.lightReasonCode)")
            return
        }
        #expect(deadline == day("2023-06-30") && expected == 89)
        #expect(task.lightReason == "due in 20 days (deadline 2023-06-30); behind schedule: 75% vs 89% expected")
        // On the deadline day 序时进度 is 100: at 85 % it is due today and behind; at 75 % it is 严重滞后, red.
        try b.progress("1.1", by: "SWJ", percent: 85, at: at("2023-06-20T02:00:00Z"))
        let lastDay = try #require(b.project().state(asOf: at("2023-06-30T15:59:59Z")).task("1.1"))
        guard case .dueSoonAndBehind(_, 0, _, 100) = lastDay.lightReasonCode else {
            Issue.record("unexpected reason \(lastDay.lightReasonCode)")
            return
        }
        #expect(lastDay.lightReason.hasPrefix("due today (deadline 2023-06-30); "))
        let farBehind = try #require(projector.state(asOf: at("2023-06-30T15:59:59Z")).task("1.1"))
        #expect(farBehind.light == .red && farBehind.lightReasonCode == .seriouslyBehind(percent: 75, expected: 100))
    }

    @Test("A late completion names the deadline it missed, even when later delays moved it past the completion")
    func lateCompletionNamesMissedDeadline() throws {
        var b = try ledgerWithOneTask()
        try b.delay("1.1", by: "SWJ", until: "2023-09-30", at: at("2023-06-01T00:00:00Z"))
        try b.progress("1.1", by: "SWJ", percent: 80, at: at("2023-10-05T00:00:00Z"))
        try b.delay("1.1", by: "SWJ", until: "2023-12-31", at: at("2023-10-06T00:00:00Z"))
        try b.complete("1.1", by: "SWJ", at: at("2023-11-01T00:00:00Z"))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.light == .red)
        #expect(task.lightReasonCode == .completedLate(completed: day("2023-11-01"), deadline: day("2023-09-30")))
        #expect(task.lightReason == "completed late: on 2023-11-01, 32 days after the deadline 2023-09-30")
    }

    @Test("The structured reason encodes as a flat canonical JSON object and decodes back", arguments: LightReasonForms.all)
    func reasonJSON(reason: LightReason, json: String) throws {
        let value = try JSONValueEncoder().encode(reason)
        #expect(value.canonicalString == json)
        #expect(try JSONValueDecoder().decode(LightReason.self, from: value) == reason)
        #expect(json.contains("\"kind\":\"\(reason.kind.rawValue)\""))
    }

    @Test("Every projected task's lightReason is its structured reason in English, and the state JSON carries both")
    func reasonInState() throws {
        var b = try ledgerWithOneTask()
        try b.assign("1.2", lead: ["SWJ"], deadline: "2023-03-31")
        try b.progress("1.1", by: "SWJ", percent: 35, at: at("2023-04-01T00:00:00Z"))
        let state = b.project().state()
        for task in state.tasks {
            #expect(task.lightReason == task.lightReasonCode.description)
        }
        let json = state.json
        #expect(json["tasks"]?[0]?["lightReasonCode"] == ["kind": "behind-schedule", "percent": 35, "expected": 50])
        #expect(json["tasks"]?[1]?["lightReasonCode"] == ["kind": "overdue", "deadline": "2023-03-31", "daysLate": 1])
        #expect(json["tasks"]?[1]?["lightReason"] == "past deadline 2023-03-31 by 1 day")
    }

    @Test("Lights follow the acceptance time, not the time the department claims")
    func claimedTimeIgnored() throws {
        var b = try ledgerWithOneTask()
        let completion = Event.completed(task: "1.1", evidence: [Evidence(name: "a.pdf", digest: String(repeating: "0", count: 64))], note: nil)
        try b.append(completion, by: "SWJ", at: at("2023-07-10T00:00:00Z"), claimed: at("2023-06-01T00:00:00Z"))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.completedAt == at("2023-07-10T00:00:00Z"))
        #expect(task.completedLate && task.light == .red)
    }

    @Test("By default the state is judged at the last record's acceptance time")
    func defaultAsOf() throws {
        var b = try ledgerWithOneTask()
        try b.enrol("ZJJ", at: at("2023-08-01T00:00:00Z"))
        let state = b.project().state()
        #expect(state.asOf == at("2023-08-01T00:00:00Z"))
        #expect(state.task("1.1")?.light == .red)
    }
}

/// One reason of every kind with its canonical JSON.
enum LightReasonForms {
    static let all: [(LightReason, String)] = [
        (.overdue(deadline: day("2024-02-29"), daysLate: 21), #"{"daysLate":21,"deadline":"2024-02-29","kind":"overdue"}"#),
        (.dueSoon(deadline: day("2023-12-31"), daysLeft: 9), #"{"daysLeft":9,"deadline":"2023-12-31","kind":"due-soon"}"#),
        (.behindSchedule(percent: 20, expected: 55), #"{"expected":55,"kind":"behind-schedule","percent":20}"#),
        (
            .dueSoonAndBehind(deadline: day("2023-12-31"), daysLeft: 0, percent: 42.5, expected: 100),
            #"{"daysLeft":0,"deadline":"2023-12-31","expected":100,"kind":"due-soon-and-behind","percent":42.5}"#
        ),
        (
            .completedLate(completed: day("2024-02-10"), deadline: day("2023-12-31")),
            #"{"completed":"2024-02-10","deadline":"2023-12-31","kind":"completed-late"}"#
        ),
        (
            .completedAfterDelay(completed: day("2024-03-05"), originalDeadline: day("2023-12-31"), deadline: day("2024-03-31")),
            #"{"completed":"2024-03-05","deadline":"2024-03-31","kind":"completed-after-delay","originalDeadline":"2023-12-31"}"#
        ),
        (
            .completedOnTime(completed: day("2023-09-14"), deadline: day("2023-12-31")),
            #"{"completed":"2023-09-14","deadline":"2023-12-31","kind":"completed-on-time"}"#
        ),
        (.onTrack(percent: 70, expected: 65), #"{"expected":65,"kind":"on-track","percent":70}"#),
        (
            .closedTargetsUnmet(completed: day("2023-08-17"), deadline: day("2023-12-31"), unmet: 2),
            #"{"completed":"2023-08-17","deadline":"2023-12-31","kind":"closed-targets-unmet","unmet":2}"#
        ),
        (
            .awaitingStatistics(deadline: day("2023-12-31"), until: day("2024-03-30")),
            #"{"deadline":"2023-12-31","kind":"awaiting-statistics","until":"2024-03-30"}"#
        ),
        (.silent(days: 75, percent: 45), #"{"days":75,"kind":"silent","percent":45}"#),
        (.seriouslyBehind(percent: 10, expected: 45), #"{"expected":45,"kind":"seriously-behind","percent":10}"#),
        (.findingsOpen(count: 2), #"{"count":2,"kind":"findings-open"}"#),
    ]
}
