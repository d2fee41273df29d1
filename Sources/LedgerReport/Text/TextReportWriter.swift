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
        let statuses = content.statusCounts.map { "\($0.status.label(content.language)) \($0.count)" }
        out += "  \(label(.byStatus))  " + statuses.joined(separator: "   ") + "   \(label(.totalTasks)) \(content.state.tasks.count)\n"
        out += "  \(label(.tally))  " + content.tallyItems.map { "\($0.0) \($0.1)" }.joined(separator: "   ") + "\n"

        out += heading(label(.tasks))
        out += taskTable()

        out += heading(label(.ranking))
        out += "  \(label(.rankingRule))\(colon)\(content.rankingRule)\n\n"
        out += rankingTable(content.rankedDepartments)
        if !content.stationedDepartments.isEmpty {
            out += "\n  \(label(.stationedUnits))\n"
            out += rankingTable(content.stationedDepartments)
        }
        if !content.idleDepartments.isEmpty {
            out += "\n  \(label(.unrankedUnits))\(colon)\(content.names(content.idleDepartments.map(\.code)))\n"
        }

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
            task.id, task.title, content.units(task), content.deadline(task), content.statusText(task),
            content.bar(task.percent),
            paint("● \(task.light.label(content.language))", task.light) + "\n"
                + content.reasonLines(task, width: Self.reasonWidth).joined(separator: "\n"),
            content.lastUpdate(task), task.metrics.map(content.metric).joined(separator: "\n"),
        ])
    }

    private func rankingTable(_ departments: [DepartmentState]) -> String {
        var table = TextTable([
            .init(header: label(.rank), rightAligned: true), .init(header: label(.department)),
            .init(header: label(.led), rightAligned: true), .init(header: label(.shared), rightAligned: true),
            .init(header: label(.onTime), rightAligned: true), .init(header: label(.late), rightAligned: true),
            .init(header: label(.delays), rightAligned: true), .init(header: label(.overdue), rightAligned: true),
            .init(header: label(.attainment), rightAligned: true), .init(header: label(.timeliness), rightAligned: true),
            .init(header: label(.reports), rightAligned: true), .init(header: label(.openFindings), rightAligned: true),
            .init(header: label(.score), rightAligned: true),
        ])
        for d in departments {
            table.add([
                content.rank(d), content.name(d.code), "\(d.tasksLed)", "\(d.tasksShared)", "\(d.completedOnTime)",
                "\(d.completedLate)", "\(d.delayed)", "\(d.overdue)", content.share(d.attainment), content.share(d.timeliness),
                "\(d.reports)", "\(d.openFindings)", d.score.map(content.number) ?? "—",
            ])
        }
        return table.render()
    }

    private func planTable() -> String {
        guard !content.state.plan.isEmpty else { return "  \(label(.none))\n" }
        var table = TextTable([
            .init(header: label(.scope), maxWidth: 16), .init(header: label(.indicator), maxWidth: 22), .init(header: label(.target), maxWidth: 14),
            .init(header: label(.result), maxWidth: 24), .init(header: label(.judged), maxWidth: 26),
        ])
        for item in content.state.plan {
            let bar = content.ratioBar(item.judgement).map { "\n" + $0 } ?? ""
            table.add([
                content.scopeTitle(item.scope), item.target.metric, content.bound(item.target), content.indicatorResult(item),
                content.indicatorJudged(item) + bar,
            ])
        }
        return table.render()
    }

    // MARK: Audit view

    func audit() -> String {
        var out = header(label(.auditTitle))
        for table in content.auditTables {
            out += heading(content.counted(content.title(table.kind), table.rows.count))
            guard !table.rows.isEmpty else {
                out += "  \(label(.none))\n"
                continue
            }
            var text = TextTable(table.columns.map { TextTable.Column(header: content.header($0), maxWidth: Self.auditWidth($0)) })
            for row in table.rows { text.add(row.values.map(cell)) }
            out += text.render()
        }
        return out
    }

    /// The width an audit column wraps at; nil for columns as wide as their widest cell.
    static func auditWidth(_ column: AuditTable.Column) -> Int? {
        switch column {
        case .title, .rule: 24
        case .unmet: 40
        case .reason: 30
        case .department, .signer, .lastUpdate: 16
        case .lead, .co: 14
        case .deadline: 12
        default: nil
        }
    }

    /// A value as the terminal shows it: progress as a bar, everything else as people read it.
    private func cell(_ value: AuditTable.Value) -> String {
        if case .percent(let percent) = value { return content.bar(percent) }
        return content.text(value)
    }

    // MARK: Pieces

    private var colon: String { content.colon }

    private func header(_ subtitle: String) -> String {
        let state = content.state
        let title = state.title.isEmpty ? state.ledgerID : state.title
        let rule = String(repeating: "═", count: max(DisplayWidth.of(title), DisplayWidth.of(subtitle)) + 4)
        let rows = [
            (label(.ledger), state.ledgerID),
            (label(.asOf), "\(content.time(state.asOf))\(content.offsetNote)"),
            (label(.recordsCovered), "\(state.recordCount)"),
            (label(.headHash), "\(content.shortHead)  \(state.head)"),
        ]
        let width = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        var out = "\(title)\n\(subtitle)\n\(rule)\n"
        for (name, value) in rows { out += "  \(DisplayWidth.pad(name, to: width))  \(value)\n" }
        return out
    }

    private func heading(_ title: String) -> String {
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
