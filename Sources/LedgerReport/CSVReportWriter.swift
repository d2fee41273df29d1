import LedgerCore
import LedgerProjector

/// Lays a report out as CSV for a spreadsheet.
///
/// RFC 4180: fields holding a comma, a double quote, a CR or an LF are quoted, quotes inside doubled;
/// records end in CRLF. A field that starts with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'`,
/// so that a department's free text (a delay reason) cannot run as a spreadsheet formula; no number
/// or date the report writes starts with one of them. The text starts with a UTF-8 byte order mark (U+FEFF): without it Excel reads
/// the file in the system's legacy code page and shows Chinese as mojibake; other spreadsheets and
/// RFC 4180 parsers skip it. Headers are stable English identifiers and coded values (status, light)
/// stay in their log spelling whatever the report language, so a sheet built on the columns keeps working;
/// titles, reasons and department names are the log's own text.
struct CSVReportWriter {
    let content: ReportContent

    init(_ content: ReportContent) {
        self.content = content
    }

    /// The task table's columns, in order.
    static let taskColumns = [
        "id", "section", "title", "lead", "co", "deadline", "deadline_in_force", "status", "percent", "light", "light_reason",
        "last_update_seq", "last_update_at", "last_update_by", "delays", "completed_at", "completed_late", "targets",
    ]

    /// The audit table's columns, in order.
    static let auditColumns = ["kind", "seq", "task", "title", "department", "deadline", "at", "from", "until", "days", "rule", "detail"]

    /// One row per task, in section and number order.
    func report() -> String {
        var rows = [Self.taskColumns]
        for task in content.orderedTasks {
            rows.append([
                task.id, task.section ?? "", task.title, names(task.lead), names(task.co),
                "\(task.originalDeadline)", "\(task.deadline)", task.status.rawValue, number(task.percent),
                task.light.rawValue, task.lightReason, "\(task.lastUpdateSeq)", "\(task.lastUpdateAt)",
                content.name(task.lastUpdateBy), "\(task.delays.count)", task.completedAt.map { "\($0)" } ?? "",
                task.completedLate ? "true" : "false", task.metrics.map(metric).joined(separator: "; "),
            ])
        }
        return Self.document(rows)
    }

    /// One row per audit item; `kind` is `finding`, `late-completion`, `delay`, `never-reported`,
    /// `silent-department` or `overdue`, and unused columns are empty.
    func audit() -> String {
        var rows = [Self.auditColumns]
        for f in content.findings {
            rows.append(["finding", "\(f.seq)", f.task ?? "", title(f.task), content.name(f.department), "", "", "", "", "", f.rule, f.reason])
        }
        for t in content.lateCompletions {
            rows.append([
                "late-completion", t.completedSeq.map { "\($0)" } ?? "", t.id, t.title, content.name(t.completedBy ?? t.lastUpdateBy),
                "\(t.originalDeadline)", t.completedAt.map { "\($0)" } ?? "", "", "",
                "\(t.daysLate ?? 0)", "", "",
            ])
        }
        for d in content.delays {
            rows.append([
                "delay", "\(d.entry.seq)", d.task.id, d.task.title, content.name(d.entry.department), "\(d.task.deadline)",
                "\(d.entry.accepted)", "\(d.entry.previousDeadline)", "\(d.entry.until)", "", "", d.entry.reason,
            ])
        }
        for t in content.neverReported {
            rows.append(["never-reported", "\(t.assignedSeq)", t.id, t.title, names(t.lead + t.co), "\(t.deadline)", "\(t.assignedAt)", "", "", "", "", ""])
        }
        for d in content.silentDepartments {
            rows.append([
                "silent-department", "", "", "", content.name(d.code), "", d.lastReportAt.map { "\($0)" } ?? "", "", "",
                d.daysSinceLastReport.map { "\($0)" } ?? "", "", "",
            ])
        }
        for t in content.overdueTasks {
            rows.append([
                "overdue", "\(t.lastUpdateSeq)", t.id, t.title, names(t.lead + t.co), "\(t.deadline)", "\(t.lastUpdateAt)", "", "",
                "\(t.daysLate ?? 0)", "", t.lightReason,
            ])
        }
        return Self.document(rows)
    }

    // MARK: RFC 4180

    /// The byte order mark, then every row, each ending in CRLF.
    static func document(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map { field(defused($0)) }.joined(separator: ",") + "\r\n" }.joined()
    }

    /// Text that a spreadsheet will show rather than evaluate.
    static func defused(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// A field, quoted when it must be.
    static func field(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }

    // MARK: Values

    private func names(_ codes: [String]) -> String { codes.map(content.name).joined(separator: "; ") }

    private func title(_ task: String?) -> String {
        guard let task else { return "" }
        return content.state.tasks.first { $0.id == task }?.title ?? ""
    }

    private func number(_ value: Double) -> String { value.isFinite ? JSONValue.canonicalNumber(value) : "" }

    /// `metric comparator value unit = latest (achievement%)`, language-neutral.
    private func metric(_ m: MetricState) -> String {
        let latest = m.latest.map(number) ?? ""
        guard let target = m.target else { return "\(m.metric) = \(latest) \(m.unit)" }
        let achieved = m.achievement.map { $0.isFinite ? " (" + JSONValue.canonicalNumber(($0 * 100).rounded()) + "%)" : "" } ?? ""
        return "\(m.metric) \(target.comparator.rawValue) \(number(target.value)) \(target.unit) = \(latest.isEmpty ? "?" : latest)\(achieved)"
    }
}
