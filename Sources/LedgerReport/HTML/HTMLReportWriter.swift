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
        for (status, n) in content.statusCounts {
            let css = "st-\(status.rawValue)"
            if n > 0, total > 0 {
                stack += "<span class=\"\(css)\" style=\"width:\(content.number(Double(n) / Double(total) * 100))%\"></span>"
            }
            legend += "<span><i class=\"sw \(css)\"></i>\(e(status.label(content.language)))<b>\(n)</b></span>"
        }

        let tally = content.tallyItems.map { "<span>\(e($0.0))<b>\($0.1)</b></span>" }.joined()
        return out + page.panel(content.label(.byStatus), "<div class=\"stack\">\(stack)</div><div class=\"legend\">\(legend)</div>\n")
            + page.panel(content.label(.tally), "<div class=\"legend\">\(tally)</div>\n")
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
            : "<span class=\"was\">\(task.originalDeadline)</span>\(task.deadline)<span class=\"moved\">\(content.language == .zh ? "延期\(task.delays.count)次" : "\(label(.delays)) ×\(task.delays.count)")</span>"
        let statusCSS = "st-\(task.status.rawValue)"
        let metrics = task.metrics.map(metric).joined()
        return """
            <tr class="light-\(light.rawValue)"><td class="id">\(page.taskLink(task.id))</td>\
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

    /// One metric: its name, a bar where a ratio means something, and the value judged against its target.
    private func metric(_ m: MetricState) -> String {
        guard let target = m.target else {
            let shown = m.latest.map { content.value($0, unit: m.unit) } ?? "—"
            return "<div class=\"metric\"><div class=\"mname\">\(e(m.metric))</div><div class=\"mval\"><b>\(e(shown))</b></div></div>"
        }
        return "<div class=\"metric\"><div class=\"mname\">\(e(m.metric))</div>" + judgedBar(m.judgement)
            + "<div class=\"mval\">\(judgedText(latest: m.latest, unit: m.unit, target: target, judgement: m.judgement))</div></div>"
    }

    /// A bar filled by the ratio (never full below 100 %), only where a ratio means something.
    private func judgedBar(_ j: TargetJudgement?) -> String {
        guard let j, let ratio = j.ratio else { return "" }
        return page.bar(ratio * 100, fill: j.met ? "fill-done" : "fill-blue")
    }

    /// `<b>7.6%</b> / 8%以上 · 低于目标0.4个百分点`, the judgement marked met or unmet.
    private func judgedText(latest: Double?, unit: String, target: Target, judgement: TargetJudgement?) -> String {
        let shown = latest.map { content.value($0, unit: unit) } ?? "—"
        let words = judgement.map { content.judged($0, target) } ?? content.label(.notReported)
        let css = judgement?.met == true ? "met" : "unmet"
        return "<b>\(e(shown))</b> / \(e(content.bound(target))) · <span class=\"\(css)\">\(e(words))</span>"
    }

    // MARK: Ranking

    private func ranking() -> String {
        let rule = "<p class=\"rule\"><b>\(label(.rankingRule))</b>\(e(content.colon))\(e(content.rankingRule))</p>\n"
        var body = rule + rankingTable(content.rankedDepartments)
        if !content.stationedDepartments.isEmpty {
            body += "<h3>\(label(.stationedUnits))</h3>\n" + rankingTable(content.stationedDepartments)
        }
        if !content.idleDepartments.isEmpty {
            body += "<p class=\"rule\">\(label(.unrankedUnits))\(e(content.colon))\(e(content.names(content.idleDepartments.map(\.code))))</p>\n"
        }
        return page.panel(content.label(.ranking), body)
    }

    private func rankingTable(_ departments: [DepartmentState]) -> String {
        let headers = [
            label(.rank), label(.department), label(.led), label(.shared), label(.onTime), label(.late), label(.delays), label(.overdue),
            label(.attainment), label(.timeliness), label(.reports), label(.openFindings), label(.score),
        ]
        let rows = departments.map { d -> String in
            let top = (d.rank ?? 99) <= 3 ? " top" : ""
            var row = "<tr><td><span class=\"rank\(top)\">\(e(content.rank(d)))</span></td><td class=\"title\">\(e(content.name(d.code)))</td>"
            row += page.count(d.tasksLed) + page.count(d.tasksShared) + page.count(d.completedOnTime)
            row += page.count(d.completedLate, badness: "warn") + page.count(d.delayed, badness: "warn") + page.count(d.overdue, badness: "bad")
            row += "<td class=\"num\">\(e(content.share(d.attainment)))</td><td class=\"num\">\(e(content.share(d.timeliness)))</td>"
            row += page.count(d.reports) + page.count(d.openFindings, badness: "warn") + "<td class=\"num\">\(e(d.score.map(content.number) ?? "—"))</td></tr>"
            return row
        }
        return page.table(headers, rows, numeric: Set(2...12), className: "ranking")
    }

    // MARK: Plan targets

    private func plan() -> String {
        let items = content.state.plan
        guard !items.isEmpty else { return page.panel(content.label(.planTargets), "<p class=\"empty\">\(label(.none))</p>") }
        var out = "<div class=\"plan-grid\">\n"
        for item in items {
            out += "<div class=\"plan-card\"><div class=\"scope\">\(e(content.scopeTitle(item.scope)))</div>"
            out += "<div class=\"pname\">\(e(item.target.metric))</div>"
            out += "<span class=\"big\">\(e(content.indicatorResult(item)))</span> <span class=\"of\">/ \(e(content.bound(item.target)))</span>"
            out += judgedBar(item.judgement)
            let css = item.judgement?.met == true ? "met" : "unmet"
            out += "<div class=\"pct\"><span class=\"\(css)\">\(e(content.indicatorJudged(item)))</span></div></div>\n"
        }
        return page.panel(content.label(.planTargets), count: items.count, out + "</div>\n")
    }

    // MARK: Audit highlights

    private func highlights() -> String {
        let tables = Dictionary(uniqueKeysWithValues: content.auditTables.map { ($0.kind, $0) })
        let kinds: [AuditTable.Kind] = [.findings, .overdue, .lateCompletions, .closedTargetsUnmet, .delays, .neverReported]
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
