import LedgerCore
import Testing

/// `ledger log` prints one summary line per record; these are the lines a reader sees.
@Suite("Event summaries")
struct EventSummaryTests {
    static let day = CalendarDay("2024-06-30")!

    @Test(
        "a summary says what the statement says in one line",
        arguments: [
            (
                Event.progress(task: "1.6", percent: 30, metrics: [MetricValue(metric: "新增限额以上企业", value: 23, unit: "家")], note: "按计划"),
                "30%  新增限额以上企业=23家  按计划"
            ),
            (Event.progress(task: "1.6", percent: 12.5, metrics: [], note: nil), "12.5%"),
            (
                Event.completed(task: "1.6", evidence: [Evidence(name: "a.pdf", digest: "00"), Evidence(name: "b.pdf", digest: "11")], note: nil),
                "completed with 2 evidence file(s)"
            ),
            (Event.completed(task: "1.6", evidence: [Evidence(name: "a.pdf", digest: "00")], note: "验收"), "completed with 1 evidence file(s): 验收"),
            (Event.delayed(task: "1.6", reason: "资金未到位", until: day), "delayed to 2024-06-30: 资金未到位"),
            (
                Event.assigned(task: "1.6", Assignment(title: "招商引资", lead: ["SWLSJ", "FGJ"], co: [], deadline: day)),
                "招商引资 — lead SWLSJ,FGJ co  due 2024-06-30"
            ),
            (Event.keyRevoked(key: String(repeating: "ab", count: 32), reason: "lost"), "revoked key abababababababab…: lost"),
            (Event.plan(title: "计划", sections: [PlanSection(id: "1", title: "消费")], targets: []), "plan 计划: 1 sections, 0 headline/section targets"),
        ])
    func summary(event: Event, expected: String) {
        #expect(event.summary == expected)
    }
}
