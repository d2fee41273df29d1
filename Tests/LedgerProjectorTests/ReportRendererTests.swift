import Foundation
import LedgerCore
import Testing

@testable import LedgerProjector

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
        #expect(out.contains(ReportFixture.rankingRule))
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
        #expect(out.contains("🔴 逾期"))
        #expect(out.contains("🟡 临期/滞后"))
        #expect(out.contains("🟢 正常"))
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
        #expect(coloured.contains("\u{1B}[31m● 逾期"))
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
        #expect(out.contains("2023-10-15 10:00 (UTC+08:00)"))
    }

    @Test("Rendering is deterministic", arguments: ReportFormat.allCases, ReportLanguage.allCases)
    func deterministic(format: ReportFormat, language: ReportLanguage) {
        let a = ReportFixture.renderer(language)
        let b = ReportRenderer(state: state, language: language, sectionTitles: ReportFixture.sectionTitles, utcOffsetSeconds: 8 * 3600)
        #expect(a.render(format) == b.render(format))
        #expect(a.renderAudit(format, silenceDays: 30) == b.renderAudit(format, silenceDays: 30))
    }

    @Test("Task order does not depend on the order of the state's arrays", arguments: ReportFormat.allCases)
    func orderIndependent(format: ReportFormat) {
        var shuffled = state
        shuffled.tasks.reverse()
        shuffled.departments.reverse()
        let a = ReportFixture.renderer().render(format)
        let b = ReportRenderer(state: shuffled, sectionTitles: ReportFixture.sectionTitles, utcOffsetSeconds: 8 * 3600).render(format)
        #expect(a == b)
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

    @Test(
        "Known light reasons read in Chinese; unknown ones pass through",
        arguments: [
            ("past deadline 2023-09-30", "已过截止日期 2023-09-30"), ("due in 9 days", "距截止还有 9 天"),
            ("behind schedule: 20% vs 55% expected", "进度滞后：实际 20%，应达 55%"), ("completed late", "逾期完成"),
            ("something new", "something new"),
        ])
    func reasons(raw: String, zh: String) {
        var task = state.tasks[0]
        task.lightReason = raw
        let content = ReportContent(state: state, language: .zh, departmentNames: [:], sectionTitles: [:], utcOffsetSeconds: 0, color: false)
        #expect(content.reason(task) == zh)
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
            #expect(!r.renderAudit(format, silenceDays: 30).isEmpty)
        }
    }
}
