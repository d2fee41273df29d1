import LedgerCore
import LedgerProjector

/// Lays a report out as GitHub-flavoured Markdown: headings, pipe tables and 🔴🟡🟢 for the lights.
struct MarkdownReportWriter {
    let content: ReportContent

    init(_ content: ReportContent) {
        self.content = content
    }

    private func label(_ label: ReportLabel) -> String { content.label(label) }

    // MARK: Leadership report

    func report() -> String {
        let state = content.state
        var out = header(label(.reportTitle))
        out += "\n## \(label(.summary))\n\n"
        out += table([label(.light), label(.count)], Light.allCases.map { ["\($0.emoji) \($0.label(content.language))", "\(content.count($0))"] })
        out += "\n"
        out += table(
            [label(.status), label(.count)],
            content.statusCounts.map { [$0.status.label(content.language), "\($0.count)"] }
                + [["**\(label(.totalTasks))**", "**\(state.tasks.count)**"]], escaping: false)
        out += "\n"
        out += table([label(.tally), label(.count)], content.tallyItems.map { [$0.0, "\($0.1)"] })

        out += "\n## \(label(.tasks))\n"
        for section in content.sections {
            out += "\n### \(escape(section.title))\n\n"
            let rows = section.tasks.map { task in
                [
                    escape(task.id), escape(task.title), escape(content.names(task.lead)), escape(content.names(task.co)),
                    escape(content.deadline(task)), escape(content.statusText(task)), "`\(content.bar(task.percent))`",
                    "\(task.light.emoji) \(escape(task.light.label(content.language)))<br>\(escape(content.reason(task)))",
                    escape(content.lastUpdate(task)), task.metrics.map { escape(content.metric($0)) }.joined(separator: "<br>"),
                ]
            }
            out += table(
                [
                    label(.id), label(.task), label(.lead), label(.co), label(.deadline), label(.status), label(.progress), label(.light), label(.lastUpdate),
                    label(.targets),
                ], rows, escaping: false)
        }

        out += "\n## \(label(.ranking))\n\n"
        out += "**\(label(.rankingRule))**\(content.colon)\(escape(content.rankingRule))\n\n"
        out += rankingTable(content.rankedDepartments)
        if !content.stationedDepartments.isEmpty {
            out += "\n**\(escape(label(.stationedUnits)))**\n\n" + rankingTable(content.stationedDepartments)
        }
        if !content.idleDepartments.isEmpty {
            out += "\n\(escape(label(.unrankedUnits)))\(content.colon)\(escape(content.names(content.idleDepartments.map(\.code))))\n"
        }

        out += "\n## \(label(.planTargets))\n\n"
        if state.plan.isEmpty {
            out += "\(label(.none))\n"
        } else {
            out += table(
                [label(.scope), label(.indicator), label(.target), label(.result), label(.judged)],
                state.plan.map { item in
                    [
                        content.scopeTitle(item.scope), item.target.metric, content.bound(item.target), content.indicatorResult(item),
                        content.indicatorJudged(item) + (content.ratioBar(item.judgement).map { " `\($0)`" } ?? ""),
                    ]
                })
        }

        out += "\n## \(label(.findings))\n\n"
        out += "**\(state.findings.count)**\(content.language == .zh ? "，" : " — ")\(label(.findingsPointer))\n"
        return out
    }

    private func rankingTable(_ departments: [DepartmentState]) -> String {
        table(
            [
                label(.rank), label(.department), label(.led), label(.shared), label(.onTime), label(.late), label(.delays), label(.overdue),
                label(.attainment), label(.timeliness), label(.reports), label(.openFindings), label(.score),
            ],
            departments.map { d in
                [
                    content.rank(d), content.name(d.code), "\(d.tasksLed)", "\(d.tasksShared)", "\(d.completedOnTime)", "\(d.completedLate)",
                    "\(d.delayed)", "\(d.overdue)", content.share(d.attainment), content.share(d.timeliness), "\(d.reports)",
                    "\(d.openFindings)", d.score.map(content.number) ?? "—",
                ]
            })
    }

    // MARK: Audit view

    func audit() -> String {
        var out = header(label(.auditTitle))
        for table in content.auditTables {
            out += section(content.title(table.kind), table.rows.count)
            out += self.table(table.columns.map(content.header), table.rows.map { $0.values.map(content.text) })
        }
        return out
    }

    // MARK: Pieces

    private func header(_ subtitle: String) -> String {
        let state = content.state
        let title = state.title.isEmpty ? state.ledgerID : state.title
        var out = "# \(escape(title))\n\n**\(subtitle)**\n\n"
        out += "| | |\n| --- | --- |\n"
        out += "| \(label(.ledger)) | `\(state.ledgerID)` |\n"
        out += "| \(label(.asOf)) | \(content.time(state.asOf))\(content.offsetNote) |\n"
        out += "| \(label(.recordsCovered)) | \(state.recordCount) |\n"
        out += "| \(label(.headHash)) | `\(content.shortHead)` <br>`\(state.head)` |\n"
        return out
    }

    private func section(_ title: String, _ count: Int) -> String {
        "\n## \(escape(content.counted(title, count)))\n\n"
    }

    /// A pipe table; cells are escaped unless the caller already did it, and an empty table says so.
    private func table(_ headers: [String], _ rows: [[String]], escaping: Bool = true) -> String {
        guard !rows.isEmpty else { return "\(label(.none))\n" }
        var out = "| " + headers.map(escape).joined(separator: " | ") + " |\n"
        out += "|" + headers.map { _ in " --- |" }.joined() + "\n"
        for row in rows {
            out += "| " + row.map { escaping ? escape($0) : $0 }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// Text made inert inside a table cell: Markdown punctuation and HTML are backslash-escaped, newlines become `<br>`.
    func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "|", "*", "_", "`", "[", "]", "<", ">", "#", "~", "&":
                out.append("\\")
                out.append(character)
            case "\n": out += "<br>"
            case "\r": break
            default: out.append(character)
            }
        }
        return out
    }
}
