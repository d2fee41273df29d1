import LedgerCore
import LedgerProjector

/// Lays the inspector's audit view out as one self-contained HTML page: a count card per list, then
/// findings, late completions, delays (reason, signer, acceptance time, dates moved), tasks never
/// reported on, silent departments and overdue tasks.
struct HTMLAuditWriter {
    let content: ReportContent
    private let page: HTMLPage

    init(_ content: ReportContent) {
        self.content = content
        self.page = HTMLPage(content)
    }

    private func e(_ text: String) -> String { page.e(text) }
    private func label(_ label: ReportLabel) -> String { page.label(label) }

    func audit() -> String {
        let silenceDays = content.state.options.silenceDays
        let findings = content.findings
        let late = content.lateCompletions
        let delays = content.delays
        let never = content.neverReported
        let silent = content.silentDepartments
        let overdue = content.overdueTasks
        let silentTitle = "\(content.label(.silentDepartments))（\(content.label(.silenceThreshold)) \(silenceDays) \(content.label(.days))）"

        var body = "<section class=\"cards\">\n"
        let counts: [(String, Int)] = [
            (content.label(.findings), findings.count), (content.label(.overdueTasks), overdue.count),
            (content.label(.lateCompletions), late.count), (content.label(.delayRecords), delays.count),
            (content.label(.neverReported), never.count), (content.label(.silentDepartments), silent.count),
        ]
        for (name, n) in counts {
            body += "<div class=\"card\(n > 0 ? " red" : " green")\"><div class=\"num\">\(n)</div><div class=\"lbl\">\(e(name))</div></div>\n"
        }
        body += "</section>\n"

        body += page.panel(
            content.label(.findings), count: findings.count,
            page.table(
                [label(.seq), label(.task), label(.department), label(.rule), label(.reason)],
                findings.map { f in
                    "<tr><td class=\"num\">\(f.seq)</td><td class=\"id\">\(e(f.task ?? "—"))</td><td>\(e(content.name(f.department)))</td>"
                        + "<td><code>\(e(f.rule))</code></td><td>\(e(f.reason))</td></tr>"
                }, numeric: [0]))

        body += page.panel(
            content.label(.lateCompletions), count: late.count,
            page.table(
                [label(.id), label(.task), label(.department), label(.originalDeadline), label(.completedAt), label(.daysLate)],
                late.map { t in
                    "<tr class=\"light-yellow\"><td class=\"id\">\(e(t.id))</td><td class=\"title\">\(e(t.title))</td>"
                        + "<td>\(e(content.name(t.completedBy ?? t.lastUpdateBy)))</td><td class=\"nowrap\">\(t.originalDeadline)</td>"
                        + "<td class=\"nowrap\">\(e(t.completedAt.map(content.time) ?? "—"))</td>"
                        + "<td class=\"num warn\">\(t.daysLate ?? 0)</td></tr>"
                }, numeric: [5]))

        body += page.panel(
            content.label(.delayRecords), count: delays.count,
            page.table(
                [label(.seq), label(.task), label(.reason), label(.signer), label(.acceptedAt), label(.movedFrom), label(.movedTo)],
                delays.map { d in
                    "<tr><td class=\"num\">\(d.entry.seq)</td><td><span class=\"id\">\(e(d.task.id))</span> \(e(d.task.title))</td>"
                        + "<td>\(e(d.entry.reason))</td><td>\(e(content.name(d.entry.department)))</td>"
                        + "<td class=\"nowrap\">\(e(content.time(d.entry.accepted)))</td><td class=\"nowrap\">\(d.entry.previousDeadline)</td>"
                        + "<td class=\"nowrap\"><b>\(d.entry.until)</b></td></tr>"
                }, numeric: [0]))

        body += page.panel(
            content.label(.neverReported), count: never.count,
            page.table(
                [label(.id), label(.task), label(.deadline), label(.assignedAt)],
                never.map { t in
                    "<tr class=\"light-\(t.light.rawValue)\"><td class=\"id\">\(e(t.id))</td><td><div class=\"title\">\(e(t.title))</div>"
                        + "<div class=\"units\">\(page.units(t))</div></td><td class=\"nowrap\">\(e(content.deadline(t)))</td>"
                        + "<td class=\"nowrap\">\(e(content.time(t.assignedAt)))</td></tr>"
                }))

        body += page.panel(
            silentTitle, count: silent.count,
            page.table(
                [label(.department), label(.daysSinceReport), label(.lastReport), label(.led), label(.shared)],
                silent.map { d in
                    "<tr><td class=\"title\">\(e(content.name(d.code)))</td><td class=\"num bad\">\(d.daysSinceLastReport.map { "\($0)" } ?? "—")</td>"
                        + "<td class=\"nowrap\">\(e(d.lastReportAt.map(content.time) ?? content.label(.never)))</td>"
                        + "<td class=\"num\">\(d.tasksLed)</td><td class=\"num\">\(d.tasksShared)</td></tr>"
                }, numeric: [1, 3, 4]))

        body += page.panel(
            content.label(.overdueTasks), count: overdue.count,
            page.table(
                [label(.id), label(.task), label(.deadline), label(.daysOverdue), label(.progress), label(.lastUpdate)],
                overdue.map { t in
                    "<tr class=\"light-red\"><td class=\"id\">\(e(t.id))</td><td><div class=\"title\">\(e(t.title))</div>"
                        + "<div class=\"units\">\(page.units(t))</div></td><td class=\"nowrap\">\(e(content.deadline(t)))</td>"
                        + "<td class=\"num bad\">\(t.daysLate ?? 0)</td>"
                        + "<td class=\"progress\">\(page.bar(t.percent, fill: "fill-red"))<span class=\"pct\">\(e(content.percent(t.percent)))</span></td>"
                        + "<td class=\"upd\">\(e(content.time(t.lastUpdateAt)))<div>\(e(content.name(t.lastUpdateBy)))</div></td></tr>"
                }, numeric: [3]))

        return page.document(subtitle: content.label(.auditTitle), audit: true, body: body)
    }
}
