import LedgerCore
import LedgerProjector

/// Lays a report out as aligned columns for a terminal.
struct TextReportWriter {
    let content: ReportContent

    init(_ content: ReportContent) {
        self.content = content
    }

    private func label(_ label: ReportLabel) -> String { content.label(label) }

    // MARK: Leadership report

    func report() -> String {
        var out = header(label(.reportTitle))
        out += heading(label(.summary))
        let lights = Light.allCases.map { paint("● \($0.label(content.language)) \(content.count($0))", $0) }
        out += "  \(label(.byLight))  " + lights.joined(separator: "   ") + "\n"
        let statuses = TaskStatus.allCases.map { "\($0.label(content.language)) \(content.count($0))" }
        out += "  \(label(.byStatus))  " + statuses.joined(separator: "   ") + "   \(label(.totalTasks)) \(content.state.tasks.count)\n"

        out += heading(label(.tasks))
        out += taskTable()

        out += heading(label(.ranking))
        out += "  \(label(.rankingRule))\(colon)\(content.state.rankingRule)\n\n"
        out += rankingTable()

        out += heading(label(.planTargets))
        out += planTable()

        out += heading(label(.findings))
        out += "  \(label(.findings))\(colon)\(content.state.findings.count)\(content.language == .zh ? "，" : "; ")\(label(.findingsPointer))\n"
        return out
    }

    /// The light column's width: the light's name above its reason, broken at the reason's joints.
    static let reasonWidth = 22

    private func taskTable() -> String {
        var table = TextTable([
            .init(header: label(.id)), .init(header: label(.task), maxWidth: 20),
            .init(header: label(.units), maxWidth: 18), .init(header: label(.deadline), maxWidth: 12),
            .init(header: label(.status)), .init(header: label(.progress)), .init(header: label(.light), maxWidth: Self.reasonWidth),
            .init(header: label(.lastUpdate), maxWidth: 16), .init(header: label(.targets), maxWidth: 28),
        ])
        for section in content.sections {
            table.addGroup("【\(section.title)】")
            for task in section.tasks { add(task, to: &table) }
        }
        return table.render()
    }

    private func add(_ task: TaskState, to table: inout TextTable) {
        table.add([
            task.id, task.title, content.units(task), content.deadline(task), task.status.label(content.language),
            content.bar(task.percent),
            paint("● \(task.light.label(content.language))", task.light) + "\n"
                + content.reasonLines(task, width: Self.reasonWidth).joined(separator: "\n"),
            content.lastUpdate(task), task.metrics.map(content.metric).joined(separator: "\n"),
        ])
    }

    private func rankingTable() -> String {
        var table = TextTable([
            .init(header: label(.rank), rightAligned: true), .init(header: label(.department)),
            .init(header: label(.led), rightAligned: true), .init(header: label(.shared), rightAligned: true),
            .init(header: label(.onTime), rightAligned: true), .init(header: label(.late), rightAligned: true),
            .init(header: label(.delays), rightAligned: true), .init(header: label(.overdue), rightAligned: true),
            .init(header: label(.daysSinceReport), rightAligned: true), .init(header: label(.reports), rightAligned: true),
            .init(header: label(.score), rightAligned: true),
        ])
        for d in content.rankedDepartments {
            table.add([
                "\(d.rank)", content.name(d.code), "\(d.tasksLed)", "\(d.tasksShared)", "\(d.completedOnTime)",
                "\(d.completedLate)", "\(d.delayed)", "\(d.overdue)", d.daysSinceLastReport.map { "\($0)" } ?? "—",
                "\(d.reports)", content.number(d.score),
            ])
        }
        return table.render()
    }

    private func planTable() -> String {
        guard !content.state.plan.isEmpty else { return "  \(label(.none))\n" }
        var table = TextTable([
            .init(header: label(.scope), maxWidth: 24), .init(header: label(.target), maxWidth: 32),
            .init(header: label(.latest), rightAligned: true), .init(header: label(.achievement)),
        ])
        for item in content.state.plan {
            let latest = item.latest.map { content.number($0) + content.unitSuffix(item.target.unit) } ?? label(.notReported)
            let bar = item.achievement.map { content.bar($0 * 100) } ?? "—"
            table.add([content.scopeTitle(item.scope), content.target(item.target), latest, bar])
        }
        return table.render()
    }

    // MARK: Audit view

    func audit() -> String {
        let silenceDays = content.state.options.silenceDays
        var out = header(label(.auditTitle))

        let findings = content.findings
        out += heading(label(.findings), findings.count)
        out += table(findings, [(label(.seq), nil), (label(.task), nil), (label(.department), nil), (label(.rule), 24), (label(.reason), 40)]) { f in
            ["\(f.seq)", f.task ?? "—", content.name(f.department), f.rule, f.reason]
        }

        let late = content.lateCompletions
        out += heading(label(.lateCompletions), late.count)
        out += table(
            late, [(label(.task), 24), (label(.department), 16), (label(.originalDeadline), nil), (label(.completedAt), nil), (label(.daysLate), nil)]
        ) { t in
            [
                "\(t.id) \(t.title)", content.name(t.completedBy ?? t.lastUpdateBy), "\(t.originalDeadline)",
                t.completedAt.map(content.time) ?? "—", "\(t.daysLate ?? 0)",
            ]
        }

        let delays = content.delays
        out += heading(label(.delayRecords), delays.count)
        out += table(
            delays,
            [
                (label(.seq), nil), (label(.task), 20), (label(.signer), 14), (label(.acceptedAt), nil), (label(.movedFrom), nil), (label(.movedTo), nil),
                (label(.reason), 30),
            ]
        ) { d in
            [
                "\(d.entry.seq)", "\(d.task.id) \(d.task.title)", content.name(d.entry.department), content.time(d.entry.accepted),
                "\(d.entry.previousDeadline)", "\(d.entry.until)", d.entry.reason,
            ]
        }

        let never = content.neverReported
        out += heading(label(.neverReported), never.count)
        out += table(never, [(label(.id), nil), (label(.task), 24), (label(.units), 20), (label(.deadline), 12), (label(.assignedAt), nil)]) { t in
            [t.id, t.title, content.units(t), content.deadline(t), content.time(t.assignedAt)]
        }

        let silent = content.silentDepartments
        out += heading("\(label(.silentDepartments))（\(label(.silenceThreshold)) \(silenceDays) \(label(.days))）", silent.count)
        out += table(silent, [(label(.department), nil), (label(.daysSinceReport), nil), (label(.lastReport), nil), (label(.led), nil), (label(.shared), nil)])
        { d in
            [
                content.name(d.code), d.daysSinceLastReport.map { "\($0)" } ?? "—", d.lastReportAt.map(content.time) ?? label(.never), "\(d.tasksLed)",
                "\(d.tasksShared)",
            ]
        }

        let overdue = content.overdueTasks
        out += heading(label(.overdueTasks), overdue.count)
        out += table(
            overdue,
            [
                (label(.id), nil), (label(.task), 24), (label(.units), 20), (label(.deadline), 12), (label(.daysOverdue), nil), (label(.progress), nil),
                (label(.lastUpdate), 16),
            ]
        ) { t in
            [
                t.id, t.title, content.units(t), content.deadline(t), "\(t.daysLate ?? 0)", content.bar(t.percent),
                content.lastUpdate(t),
            ]
        }
        return out
    }

    private func table<Item>(_ items: [Item], _ columns: [(String, Int?)], row: (Item) -> [String]) -> String {
        guard !items.isEmpty else { return "  \(label(.none))\n" }
        var table = TextTable(columns.map { TextTable.Column(header: $0.0, maxWidth: $0.1) })
        for item in items { table.add(row(item)) }
        return table.render()
    }

    // MARK: Pieces

    private var colon: String { content.colon }

    private func header(_ subtitle: String) -> String {
        let state = content.state
        let title = state.title.isEmpty ? state.ledgerID : state.title
        let rule = String(repeating: "═", count: max(DisplayWidth.of(title), DisplayWidth.of(subtitle)) + 4)
        let rows = [
            (label(.ledger), state.ledgerID),
            (label(.asOf), "\(content.time(state.asOf)) (\(content.offsetName))"),
            (label(.recordsCovered), "\(state.recordCount)"),
            (label(.headHash), "\(content.shortHead)  \(state.head)"),
        ]
        let width = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        var out = "\(title)\n\(subtitle)\n\(rule)\n"
        for (name, value) in rows { out += "  \(DisplayWidth.pad(name, to: width))  \(value)\n" }
        return out
    }

    private func heading(_ text: String, _ count: Int? = nil) -> String {
        let title = count.map { "\(text) (\($0))" } ?? text
        return "\n\(title)\n\(String(repeating: "─", count: DisplayWidth.of(title)))\n"
    }

    /// Wraps text in the light's ANSI colour when colour is on.
    private func paint(_ text: String, _ light: Light) -> String {
        guard content.color else { return text }
        let code =
            switch light {
            case .red: "31"
            case .yellow: "33"
            case .green: "32"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
