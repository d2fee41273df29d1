import Foundation
import LedgerCore
import LedgerProjector
import Testing

@testable import LedgerReport

@Suite("Leadership report in every format and language")
struct ReportRendererTests {
    let state = ReportFixture.state

    @Test("Every format names every task and the departments by name", arguments: ReportFormat.allCases, ReportLanguage.allCases)
    func tasksAndNames(format: ReportFormat, language: ReportLanguage) {
        let out = ReportFixture.renderer(language).render(format)
        for task in state.tasks {
            #expect(out.contains(task.id), "task \(task.id) missing from \(format)")
        }
        for name in ["商务粮食局", "自然资源局", "天岳投资集团", "文旅广体局"] {
            #expect(out.contains(name), "\(name) missing from \(format)")
        }
        #expect(!out.contains("ZRZYJ") || format == .json, "codes should show as names in \(format)")
    }

    @Test(
        "Human formats show lights, percentages and the ranking rule in the report's language", arguments: [ReportFormat.text, .markdown, .html],
        ReportLanguage.allCases)
    func humanFacts(format: ReportFormat, language: ReportLanguage) {
        let out = ReportFixture.renderer(language).render(format)
        for light in Light.allCases {
            #expect(out.contains(HTMLPage.escape(light.label(language))), "\(light) label missing from \(format)")
        }
        for percent in ["60%", "20%", "45%", "100%"] {
            #expect(out.contains(percent), "\(percent) missing from \(format)")
        }
        let rule = language == .zh ? ReportFixture.rankingRule.zh : ReportFixture.rankingRule.en
        let otherRule = language == .zh ? ReportFixture.rankingRule.en : ReportFixture.rankingRule.zh
        #expect(out.contains(rule) && !out.contains(otherRule), "the ranking rule in the report's language only")
        #expect(out.contains(ReportFixture.sectionTitles["2"]!))
        #expect(out.contains(ReportLabel.ranking.text(language)))
        #expect(out.contains("2023-06-30"), "2.1's original deadline shows beside the delayed one")
        #expect(out.contains("198.5"), "plan target's latest value")
        let other = language == .zh ? ReportLanguage.en : .zh
        #expect(!out.contains(ReportLabel.planTargets.text(other)), "no labels from the other language")
    }

    @Test("Markdown marks lights with coloured emoji")
    func markdownEmoji() {
        let out = ReportFixture.renderer().render(.markdown)
        #expect(out.contains("🔴 红灯"))
        #expect(out.contains("🟡 黄灯"))
        #expect(out.contains("🟢 绿灯"))
    }

    @Test("Markdown escapes table-breaking and HTML characters in log text")
    func markdownEscaping() {
        let out = ReportFixture.renderer().render(.markdown)
        #expect(out.contains(#"\<script\>alert('x')\</script\>"#))
        #expect(!out.contains("<script>"))
        for line in out.split(separator: "\n") where line.hasPrefix("| 1.") || line.hasPrefix("| 2.") {
            let cells = line.replacing("\\|", with: "").filter { $0 == "|" }.count
            #expect(cells == 11, "a task row has ten cells: \(line)")
        }
    }

    @Test("Terminal text is coloured only when asked")
    func colour() {
        #expect(!ReportFixture.renderer(color: false).render(.text).contains("\u{1B}["))
        let coloured = ReportFixture.renderer(color: true).render(.text)
        #expect(coloured.contains("\u{1B}[31m● 红灯"))
        #expect(coloured.contains("\u{1B}[32m"))
    }

    @Test("Terminal tables line up: every ranking row has the same display width")
    func alignment() {
        let out = ReportFixture.renderer().render(.text)
        let block = out.components(separatedBy: "名次")[1].components(separatedBy: "\n\n")[0]
        let lines = ("  名次" + block).split(separator: "\n").map(String.init)
        #expect(lines.count == 2 + state.departments.count)
        #expect(Set(lines.map(DisplayWidth.of)).count == 1, "\(lines)")
    }

    @Test("Text shows progress bars and the head hash short and in full")
    func textBarsAndHead() {
        let out = ReportFixture.renderer().render(.text)
        #expect(out.contains("██████░░░░   60%"))
        #expect(out.contains(String(ReportFixture.head.prefix(12))))
        #expect(out.contains(ReportFixture.head))
        #expect(out.contains("2023-10-15 10:00（UTC+08:00）"), "full-width brackets in Chinese")
    }

    @Test("Rendering is deterministic", arguments: ReportFormat.allCases, ReportLanguage.allCases)
    func deterministic(format: ReportFormat, language: ReportLanguage) {
        let a = ReportFixture.renderer(language)
        let b = ReportRenderer(state: state, language: language)
        #expect(a.render(format) == b.render(format))
        #expect(a.renderAudit(format) == b.renderAudit(format))
    }

    @Test("Task order does not depend on the order of the state's arrays", arguments: ReportFormat.allCases)
    func orderIndependent(format: ReportFormat) {
        var shuffled = state
        shuffled.tasks.reverse()
        shuffled.departments.reverse()
        let a = ReportFixture.renderer().render(format)
        let b = ReportRenderer(state: shuffled).render(format)
        #expect(a == b)
    }

    @Test("Tasks follow the projector's natural order of ids in every format", arguments: ReportFormat.allCases)
    func naturalOrder(format: ReportFormat) throws {
        var state = state
        let ids = ["10", "9a", "1.01", "1.1"]
        state.tasks = ids.map { id in
            var task = state.tasks[0]
            task.id = id
            task.title = "task-\(id)"
            return task
        }
        let out = ReportRenderer(state: state).render(format)
        let positions = try ids.sorted(by: NaturalOrder.precedes).map { try #require(out.range(of: "task-\($0)")).lowerBound }
        #expect(positions == positions.sorted(), "9a before 10, 1.1 before 1.01")
    }

    @Test("Given department names override the state's")
    func nameOverride() {
        let out = ReportRenderer(state: state, departmentNames: ["ZRZYJ": "县自然资源局"]).render(.text)
        #expect(out.contains("县自然资源局"))
    }

    @Test("Every label has both a Chinese and an English text", arguments: ReportLabel.allCases)
    func labels(label: ReportLabel) {
        #expect(!label.pair.zh.isEmpty)
        #expect(!label.pair.en.isEmpty)
        #expect(label.pair.zh != label.pair.en)
    }

    static let d = ReportFixture.day

    /// Every kind of reason with its Chinese and English one-line forms.
    static let reasonForms: [(LightReason, String, String)] = [
        (.overdue(deadline: d("2024-02-29"), daysLate: 21), "逾期未完成21天（应于2024-02-29完成）", "21 days overdue (due 2024-02-29)"),
        (.overdue(deadline: d("2024-02-29"), daysLate: 1), "逾期未完成1天（应于2024-02-29完成）", "1 day overdue (due 2024-02-29)"),
        (.dueSoon(deadline: d("2023-12-31"), daysLeft: 9), "临期：还剩9天", "due in 9 days"),
        (.dueSoon(deadline: d("2023-12-31"), daysLeft: 0), "临期：今日到期", "due today"),
        (.behindSchedule(percent: 20, expected: 55), "滞后：低于序时进度35个百分点（进度20%，序时进度55%）", "behind schedule: 35 points behind (20% vs 55%)"),
        (
            .dueSoonAndBehind(deadline: d("2023-12-31"), daysLeft: 9, percent: 42.5, expected: 90), "临期：还剩9天；滞后：低于序时进度47.5个百分点",
            "due in 9 days; behind schedule: 47.5 points behind"
        ),
        (.seriouslyBehind(percent: 10, expected: 45), "严重滞后：低于序时进度35个百分点（进度10%，序时进度45%）", "far behind schedule: 35 points behind (10% vs 45%)"),
        (.silent(days: 75, percent: 45), "75天未报送（进度45%）", "no report for 75 days (45% done)"),
        (
            .awaitingStatistics(deadline: d("2023-12-31"), until: d("2024-03-30")), "待年终统计（截止2023-12-31，2024-03-30前据统计数据评定）",
            "awaiting year-end statistics (due 2023-12-31, judged by 2024-03-30)"
        ),
        (
            .completedLate(completed: d("2024-02-10"), deadline: d("2023-12-31")), "逾期办结（2024-02-10完成，截止2023-12-31）",
            "closed late (2024-02-10, due 2023-12-31)"
        ),
        (
            .closedTargetsUnmet(completed: d("2023-08-17"), deadline: d("2023-12-31"), unmet: 2), "办结但指标未达标（2023-08-17完成，2项指标未达标）",
            "closed, targets unmet (2023-08-17, 2 unmet)"
        ),
        (
            .completedAfterDelay(completed: d("2024-03-05"), originalDeadline: d("2023-12-31"), deadline: d("2024-03-31")),
            "延期后办结（2024-03-05完成，截止由2023-12-31延至2024-03-31）", "closed after extension (2024-03-05, deadline 2023-12-31 → 2024-03-31)"
        ),
        (.completedOnTime(completed: d("2023-09-14"), deadline: d("2023-12-31")), "按期办结（2023-09-14）", "closed on time (2023-09-14)"),
        (.onTrack(percent: 70, expected: 65), "正常推进（进度70%，序时进度65%）", "on track (70% vs 65% scheduled)"),
        (.findingsOpen(count: 2), "正常推进，2项督查发现未整改", "on track, 2 findings open"),
    ]

    static func content(_ language: ReportLanguage) -> ReportContent {
        ReportContent(state: ReportFixture.state, language: language, departmentNames: [:], color: false)
    }

    @Test("Light reasons read in the report's language, in short forms", arguments: reasonForms)
    func reasons(reason: LightReason, zh: String, en: String) {
        var task = state.tasks[0]
        task.lightReasonCode = reason
        task.lightReason = "not shown in reports"
        #expect(Self.content(.zh).reason(task) == zh)
        #expect(Self.content(.en).reason(task) == en)
    }

    @Test("A reason breaks at its joints into lines that fit the light column", arguments: reasonForms, ReportLanguage.allCases)
    func reasonLines(form: (reason: LightReason, zh: String, en: String), language: ReportLanguage) {
        let (reason, zh, en) = form
        var task = state.tasks[0]
        task.lightReasonCode = reason
        let content = Self.content(language)
        let width = TextReportWriter.reasonWidth
        let lines = content.reasonLines(task, width: width)
        #expect(lines.joined(separator: language == .zh ? "" : " ") == (language == .zh ? zh : en))
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "\(lines)")
        #expect(lines.count <= 4, "\(lines)")
        #expect(content.reasonLines(task, width: 1000) == [content.reason(task)])
    }

    @Test("The terminal table shows each task's short reason under its light, on its own lines")
    func textReasons() {
        let zh = ReportFixture.renderer(.zh).render(.text)
        for piece in ["逾期未完成15天", "（应于2023-09-30完成）", "滞后：低于序时进度", "35个百分点", "临期：还剩9天", "按期办结（2023-09-01）", "逾期办结"] {
            #expect(zh.contains(piece), "\(piece) missing")
        }
        let en = ReportFixture.renderer(.en).render(.text)
        for piece in ["15 days overdue", "(due 2023-09-30)", "behind schedule:", "due in 9 days", "closed on time"] {
            #expect(en.contains(piece), "\(piece) missing")
        }
        let row = zh.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).drop { !$0.hasPrefix("  2.2 ") }.prefix { !$0.isEmpty }
        #expect(row.count <= 3, "the overdue row takes three lines: \(row)")
    }

    @Test("Human formats in Chinese carry no English reason", arguments: [ReportFormat.text, .markdown, .html])
    func noEnglishReasons(format: ReportFormat) {
        let out = ReportFixture.renderer(.zh).render(format)
        for task in state.tasks {
            #expect(!out.contains(task.lightReason), "\(task.lightReason) in \(format)")
        }
        for phrase in ["past deadline", "behind schedule", "due in", "on track", "completed late", "completed on time", "expected"] {
            #expect(!out.contains(phrase), "\(phrase) in \(format)")
        }
    }

    @Test("An empty ledger still renders every format")
    func empty() {
        var empty = state
        empty.tasks = []
        empty.departments = []
        empty.findings = []
        empty.plan = []
        for format in ReportFormat.allCases {
            let r = ReportRenderer(state: empty)
            #expect(!r.render(format).isEmpty)
            #expect(!r.renderAudit(format).isEmpty)
        }
    }
}
