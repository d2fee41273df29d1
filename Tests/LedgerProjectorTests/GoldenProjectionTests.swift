import Foundation
import LedgerCore
import LedgerProjector
import Testing

/// What the committed golden ledgers project to: version 1 exactly as version 1 always projected it
/// (the unit's own completion and delay), version 2 by the workflow.
@Suite("Golden ledgers project as their version says")
struct GoldenProjectionTests {
    static func project(_ name: String) throws -> ProjectedState {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LedgerCoreTests/Fixtures/golden/\(name).jsonl")
        var projector = Projector()
        for (seq, line) in try Data(contentsOf: url).split(separator: 0x0A).enumerated() {
            projector.apply(try Record(line: Array(line), expectedSeq: seq))
        }
        return projector.state()
    }

    @Test("version 1: the delay moves the deadline at once and the completion closes the task, as before")
    func v1() throws {
        let state = try Self.project("v1-ed25519-sha256")
        let task = try #require(state.tasks.first { $0.id == "1.6" })
        #expect(task.status == .completed && task.status.isDone)
        #expect(task.originalDeadline == CalendarDay("2023-12-31") && task.deadline == CalendarDay("2024-03-31"))
        #expect(task.delays.count == 1 && task.delays[0].department == "KGXJ")
        #expect(task.completedBy == "SWLSJ" && task.completedAt == Timestamp("2024-02-20T03:00:00Z") && !task.completedLate)
        #expect(task.workflow == TaskWorkflow() && state.inspections.isEmpty && state.findings.isEmpty)
    }

    @Test("version 2: 1.6 reopened after 办结 with its extension approved, 1.7 closed on the designated unit's application, one finding open, the headline indicator owned")
    func v2() throws {
        let state = try Self.project("v2-ed25519-sha256")
        #expect(state.findings.isEmpty)
        let t16 = try #require(state.tasks.first { $0.id == "1.6" })
        #expect(t16.status == .delayed && !t16.status.isDone && t16.deadline == CalendarDay("2024-02-29"))
        #expect(t16.workflow.returned == 1 && t16.workflow.reopened == 1 && t16.workflow.extensionsRefused == 1 && t16.workflow.extensionsApproved == 1)
        let t17 = try #require(state.tasks.first { $0.id == "1.7" })
        #expect(t17.status == .closed && t17.completedBy == "KGXJ" && t17.workflow.designatedLead == "KGXJ")
        #expect(state.inspections.map(\.status) == [.closed, .open])
        #expect(state.inspections[0].id == String(format: "%032x", 14) && state.inspections[1].department == "KGXJ")
        // The headline indicator's 责任单位 is designated; it has reported no figure, so there is no value and no conflict.
        #expect(state.plan.map(\.owner) == ["KGXJ"] && state.plan[0].latest == nil && !state.plan[0].conflicting)
    }
}
