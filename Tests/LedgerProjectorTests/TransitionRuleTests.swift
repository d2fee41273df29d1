import LedgerCore
import LedgerProjector
import Testing

private func ledger() throws -> LedgerBuilder {
    var b = try LedgerBuilder()
    try b.enrol("SWJ", name: "商务粮食局")
    try b.enrol("ZJJ", name: "住建局")
    try b.assign("1.1", lead: ["SWJ"], deadline: "2023-06-30")
    try b.progress("1.1", by: "SWJ", percent: 30, at: at("2023-02-01T00:00:00Z"))
    return b
}

private let evidence = [Evidence(name: "验收.pdf", digest: String(repeating: "cd", count: 32))]

@Suite("Transition rules: refused on append, found on replay")
struct TransitionRuleTests {
    @Test("A delay to a date not after the deadline in force is refused, and found when replayed", arguments: ["2023-06-30", "2023-05-01"])
    func delayNotLater(until: String) throws {
        var b = try ledger()
        let event = Event.delayed(task: "1.1", reason: "拆迁未完成", until: day(until))
        let candidate = try b.candidate(event, by: "SWJ", at: at("2023-03-01T00:00:00Z"))
        let error = #expect(throws: RecordError.self) { try b.project().admissionCheck(candidate) }
        #expect(error?.code == .illegalTransition)
        #expect(error?.field == "statement.body.until")
        #expect(error?.seq == candidate.seq)

        // ChainState does not judge transitions, so another tool could have written it.
        try b.append(event, by: "SWJ", at: at("2023-03-01T00:00:00Z"))
        let state = b.project().state()
        let finding = try #require(state.findings.first)
        #expect(state.findings.count == 1)
        #expect((finding.seq, finding.task, finding.department, finding.rule) == (candidate.seq, "1.1", "SWJ", "delay-not-later"))
        #expect(finding.reason == "the new date \(until) is not after the deadline in force 2023-06-30: a delay cannot move a deadline earlier or keep it")
        let task = try #require(state.task("1.1"))
        #expect(task.deadline == day("2023-06-30") && task.delays.isEmpty && task.status == .inProgress)
        #expect(task.lastUpdateSeq == candidate.seq - 1)
    }

    @Test(
        "Nothing may follow a completion",
        arguments: [
            Event.progress(task: "1.1", percent: 100, metrics: [], note: nil),
            Event.completed(task: "1.1", evidence: evidence, note: nil),
            Event.delayed(task: "1.1", reason: "补充材料", until: day("2023-12-31")),
        ])
    func nothingAfterCompletion(event: Event) throws {
        var b = try ledger()
        try b.complete("1.1", by: "SWJ", at: at("2023-05-01T00:00:00Z"))
        let completed = b.project().state().task("1.1")
        let candidate = try b.candidate(event, by: "SWJ", at: at("2023-05-02T00:00:00Z"))
        let error = #expect(throws: RecordError.self) { try b.project().admissionCheck(candidate) }
        #expect(error?.code == .illegalTransition)
        #expect(error?.field == "statement.type")

        try b.append(event, by: "SWJ", at: at("2023-05-02T00:00:00Z"))
        let state = b.project().state()
        #expect(state.findings.map(\.rule) == ["after-completion"])
        #expect(state.findings.first?.seq == candidate.seq)
        #expect(state.task("1.1") == completed)
        // The department did sign and submit it: it counts as a report.
        #expect(state.department("SWJ")?.reports == 3)
    }

    @Test("A delay without a reason breaks the format: the library refuses to build the record at all", arguments: ["", "   "])
    func delayWithoutReason(reason: String) throws {
        var b = try ledger()
        let event = Event.delayed(task: "1.1", reason: reason, until: day("2023-09-30"))
        let error = #expect(throws: RecordError.self) { _ = try b.candidate(event, by: "SWJ", at: at("2023-03-01T00:00:00Z")) }
        // Signing refuses it already (the field is named relative to the statement).
        #expect(error?.code == .invalidValue && error?.field?.hasSuffix("body.reason") == true)
        #expect(throws: RecordError.self) { try b.append(event, by: "SWJ", at: at("2023-03-01T00:00:00Z")) }
    }

    @Test("A completion by a department not responsible for the task is refused, and found in a ledger written by another tool")
    func completionByOtherDepartment() throws {
        var b = try ledger()
        let event = Event.completed(task: "1.1", evidence: evidence, note: nil)
        let candidate = try b.candidate(event, by: "ZJJ", at: at("2023-03-01T00:00:00Z"))
        var chain = b.chain
        #expect(throws: RecordError.self) { _ = try chain.apply(candidate) }
        let error = #expect(throws: RecordError.self) { try b.project().admissionCheck(candidate) }
        #expect(error?.code == .notAuthorized && error?.field == "statement.by")

        try b.append(event, by: "ZJJ", at: at("2023-03-01T00:00:00Z"), verified: false)
        let state = b.project().state()
        #expect(state.findings.map(\.rule) == ["not-responsible"])
        #expect(state.findings.first?.department == "ZJJ")
        #expect(state.task("1.1")?.status == .inProgress)
    }

    @Test("A report on a task never assigned is found, not applied")
    func unknownTask() throws {
        var b = try ledger()
        try b.append(.progress(task: "9.9", percent: 10, metrics: [], note: nil), by: "SWJ", at: at("2023-03-01T00:00:00Z"), verified: false)
        let state = b.project().state()
        #expect(state.findings.map(\.rule) == ["unknown-task"])
        #expect(state.findings.first?.task == "9.9")
        #expect(state.task("9.9") == nil)
    }

    @Test("A percent that goes down is a correction, not a finding")
    func percentDownIsAllowed() throws {
        var b = try ledger()
        let candidate = try b.candidate(.progress(task: "1.1", percent: 10, metrics: [], note: "更正"), by: "SWJ", at: at("2023-03-01T00:00:00Z"))
        try b.project().admissionCheck(candidate)
        try b.progress("1.1", by: "SWJ", percent: 10, at: at("2023-03-01T00:00:00Z"))
        let state = b.project().state()
        #expect(state.findings.isEmpty)
        #expect(state.task("1.1")?.percent == 10)
    }

    @Test("Every rule maps to the error code append reports", arguments: TransitionRule.allCases)
    func ruleCodes(rule: TransitionRule) {
        let expected: RecordError.Code =
            switch rule {
            case .unknownTask: .unknownTask
            case .duplicateTask: .duplicateTask
            case .notResponsible: .notAuthorized
            case .afterCompletion, .delayNotLater, .applicationPending, .noApplication, .notClosed, .extensionPending, .noExtensionRequest,
                .findingNotOpen:
                .illegalTransition
            case .unknownIndicator: .invalidValue
            }
        #expect(rule.code == expected)
        #expect(rule.field.hasPrefix("statement."))
    }
}
