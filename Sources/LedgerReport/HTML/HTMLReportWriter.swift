import LedgerCore
import LedgerProjector

/// Lays the leadership report out as one self-contained HTML page: summary cards, task rows with
/// light dots and progress bars, target-against-result bars, the ranking, plan targets and audit highlights.
struct HTMLReportWriter {
    let content: ReportContent
    private let page: HTMLPage

    init(_ content: ReportContent) {
        self.content = content
        self.page = HTMLPage(content)
    }

    private func e(_ text: String) -> String { page.e(text) }
    private func label(_ label: ReportLabel) -> String { page.label(label) }

    func report() -> String {
        let body = summary() + tasks() + ranking() + plan() + highlights()
        return page.document(subtitle: content.label(.reportTitle), audit: false, body: body)
    }

    // MARK: Summary

    private func summary() -> String {
        let total = content.state.tasks.count
        var out = "<section class=\"cards\">\n"
        for light in Light.allCases {
            out += "<div class=\"card \(light.rawValue)\"><div class=\"num\">\(content.count(light))</div>"
            out += "<div class=\"lbl\">\(page.dot(light))\(e(light.label(content.language)))</div>"
            let share = total == 0 ? 0 : Double(content.count(light)) / Double(total) * 100
            out += "<div class=\"sub\">\(page.bar(share, fill: "fill-\(light.rawValue)"))\(e(content.percent(share)))</div></div>\n"
        }
        let done = content.doneCount
        let rate = total == 0 ? 0 : Double(done) / Double(total) * 100
        out += "<div class=\"card\"><div class=\"num\">\(total)</div><div class=\"lbl\">\(label(.totalTasks))</div>"
        out += "<div class=\"sub\">\(label(.completionRate)) \(e(content.percent(rate)))</div></div>\n</section>\n"

        var stack = ""
        var legend = ""
        for status in TaskStatus.allCases {
            let n = content.count(status)
            let css = "st-\(status.rawValue)"
            if n > 0, total > 0 {
                stack += "<span class=\"\(css)\" style=\"width:\(content.number(Double(n) / Double(total) * 100))%\"></span>"
            }
            legend += "<span><i class=\"sw \(css)\"></i>\(e(status.label(content.language)))<b>\(n)</b></span>"
        }
        return out + page.panel(content.label(.byStatus), "<div class=\"stack\">\(stack)</div><div class=\"legend\">\(legend)</div>\n")
    }

    // MARK: Tasks

    private func tasks() -> String {
        let headers = [label(.id), label(.task), label(.deadline), label(.status), label(.progress), label(.light), label(.lastUpdate), label(.targets)]
        var body = ""
        for section in content.sections {
            body += "<h3>\(e(section.title))<span class=\"count\">\(section.tasks.count)</span></h3>\n"
            body += page.table(headers, section.tasks.map(row), className: "tasks", widths: [5, 22, 10, 7, 11, 14, 11, 20])
        }
        return page.panel(content.label(.tasks), count: content.state.tasks.count, body)
    }

    private func row(_ task: TaskState) -> String {
        let light = task.light
        let deadline =
            task.deadline == task.originalDeadline
            ? "\(task.deadline)"
            : "<span class=\"was\">\(task.originalDeadline)</span>\(task.deadline)<span class=\"moved\">\(label(.delays)) ×\(task.delays.count)</span>"
        let statusCSS = "st-\(task.status.rawValue)"
        let metrics = task.metrics.map(metric).joined()
        return """
            <tr class="light-\(light.rawValue)"><td class="id">\(e(task.id))</td>\
            <td><div class="title">\(e(task.title))</div><div class="units">\(page.units(task))</div></td>\
            <td class="nowrap">\(deadline)</td>\
            <td><span class="chip \(statusCSS)">\(e(content.statusText(task)))</span>\(task.completedLate ? "<span class=\"chip late\">\(label(.late))</span>" : "")</td>\
            <td class="progress">\(page.bar(task.percent, fill: "fill-\(light.rawValue)"))<span class="pct">\(e(content.percent(task.percent)))</span></td>\
            <td class="light"><span class="name">\(page.dot(light))\(e(light.label(content.language)))</span>\(reason(task))</td>\
            <td class="upd">\(e(content.time(task.lastUpdateAt)))<div>\(e(content.name(task.lastUpdateBy)))</div></td>\
            <td>\(metrics.isEmpty ? "<span class=\"muted\">—</span>" : metrics)</td></tr>
            """
    }

    /// The light's reason, unless it only repeats the light's name.
    private func reason(_ task: TaskState) -> String {
        let text = content.reason(task)
        guard text.lowercased() != task.light.label(content.language).lowercased() else { return "" }
        return "<div class=\"reason\">\(e(text))</div>"
    }

    /// One metric: its name, a bar of achievement, and `latest / target · achievement`.
    private func metric(_ m: MetricState) -> String {
        let latest = m.latest.map(content.number) ?? "—"
        guard let target = m.target else {
            return
                "<div class=\"metric\"><div class=\"mname\">\(e(m.metric))</div><div class=\"mval\"><b>\(e(latest + content.unitSuffix(m.unit)))</b></div></div>"
        }
        let judged = m.latest == nil ? content.label(.notReported) : content.achievement(m.achievement)
        let ratio = m.achievement ?? 0
        return """
            <div class="metric"><div class="mname">\(e(m.metric))</div>\
            \(page.bar(ratio * 100, fill: ratio >= 1 ? "fill-done" : "fill-blue"))\
            <div class="mval"><b>\(e(latest))</b> / \(e(content.bound(target))) · \(e(judged))</div></div>
            """
    }

    // MARK: Ranking

    private func ranking() -> String {
        let headers = [
            label(.rank), label(.department), label(.led), label(.shared), label(.onTime), label(.late), label(.delays), label(.overdue),
            label(.daysSinceReport), label(.reports), label(.score),
        ]
        let rows = content.rankedDepartments.map { d in
            "<tr><td><span class=\"rank\(d.rank <= 3 ? " top" : "")\">\(d.rank)</span></td><td class=\"title\">\(e(content.name(d.code)))</td>"
                + page.count(d.tasksLed) + page.count(d.tasksShared) + page.count(d.completedOnTime)
                + page.count(d.completedLate, badness: "warn") + page.count(d.delayed, badness: "warn") + page.count(d.overdue, badness: "bad")
                + "<td class=\"num\">\(d.daysSinceLastReport.map { "\($0)" } ?? "—")</td>" + page.count(d.reports)
                + "<td class=\"num\">\(e(content.number(d.score)))</td></tr>"
        }
        let rule = "<p class=\"rule\"><b>\(label(.rankingRule))</b>\(e(content.colon))\(e(content.state.rankingRule))</p>\n"
        return page.panel(content.label(.ranking), rule + page.table(headers, rows, numeric: Set(2...10), className: "ranking"))
    }

    // MARK: Plan targets

    private func plan() -> String {
        let items = content.state.plan
        guard !items.isEmpty else { return page.panel(content.label(.planTargets), "<p class=\"empty\">\(label(.none))</p>") }
        var out = "<div class=\"plan-grid\">\n"
        for item in items {
            let ratio = item.achievement ?? 0
            let latest = item.latest.map { content.number($0) + content.unitSuffix(item.target.unit) }
            out += "<div class=\"plan-card\"><div class=\"scope\">\(e(content.scopeTitle(item.scope)))</div>"
            out += "<div class=\"pname\">\(e(item.target.metric))</div>"
            out += "<span class=\"big\">\(e(latest ?? "—"))</span> <span class=\"of\">/ \(e(content.bound(item.target)))</span>"
            out += page.bar(ratio * 100, fill: ratio >= 1 ? "fill-done" : "fill-blue")
            out +=
                "<div class=\"pct\">\(label(.achievement)) \(e(latest == nil ? content.label(.notReported) : content.achievement(item.achievement)))</div></div>\n"
        }
        return page.panel(content.label(.planTargets), count: items.count, out + "</div>\n")
    }

    // MARK: Audit highlights

    private func highlights() -> String {
        let tables = Dictionary(uniqueKeysWithValues: content.auditTables.map { ($0.kind, $0) })
        let kinds: [AuditTable.Kind] = [.findings, .overdue, .lateCompletions, .delays, .neverReported]
        var out = "<div class=\"highlights\">\n"
        for kind in kinds {
            let n = tables[kind]?.rows.count ?? 0
            out += "<div class=\"hl\(n > 0 ? " alert" : "")\"><div class=\"num\">\(n)</div><div class=\"lbl\">\(label(kind.label))</div></div>\n"
        }
        out += "</div>\n"
        if let delays = tables[.delays], !delays.rows.isEmpty {
            func text(_ column: AuditTable.Column, _ row: AuditTable.Row) -> String {
                e(delays.value(column, in: row).map(content.text) ?? "—")
            }
            let rows = delays.rows.prefix(5).map { row in
                "<tr><td class=\"id\">\(text(.task, row))</td><td><div class=\"title\">\(text(.title, row))</div><div class=\"reason\">\(text(.reason, row))</div></td>"
                    + "<td>\(text(.signer, row))</td><td class=\"nowrap\">\(text(.from, row)) → \(text(.until, row))</td></tr>"
            }
            out += "<h3>\(label(.delayRecords))</h3>\n"
            out += page.table([label(.id), label(.reason), label(.signer), label(.deadline)], Array(rows))
        }
        out += "<p class=\"pointer\">\(label(.findings))\(e(content.colon))\(content.state.findings.count) — \(label(.findingsPointer))</p>\n"
        return page.panel(content.label(.auditHighlights), out)
    }
}
