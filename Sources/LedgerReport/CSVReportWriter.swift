import LedgerCore
import LedgerProjector

/// Lays a report out as CSV for a spreadsheet.
///
/// RFC 4180: fields holding a comma, a double quote, a CR or an LF are quoted, quotes inside doubled;
/// records end in CRLF. A field that starts with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'`,
/// so that a department's free text (a delay reason) cannot run as a spreadsheet formula; no number
/// or date the report writes starts with one of them. The text starts with a UTF-8 byte order mark (U+FEFF): without it Excel reads
/// the file in the system's legacy code page and shows Chinese as mojibake; other spreadsheets and
/// RFC 4180 parsers skip it.
///
/// Under the default language (Chinese) headers and values are Chinese, as a county office opens the
/// file in a spreadsheet: 编号, 牵头单位, 亮灯 = 红灯, times in the ledger's offset (`2023-06-30 16:00`).
/// Under `en` headers are stable English identifiers and coded values (status, light) stay in their log
/// spelling, times in UTC, so a program built on the columns keeps working. Titles, reasons and unit
/// names are always the log's own text.
struct CSVReportWriter {
    let content: ReportContent

    init(_ content: ReportContent) {
        self.content = content
    }

    /// The task table's columns, in order.
    static let taskColumns = [
        "id", "section", "title", "lead", "co", "deadline", "deadline_in_force", "status", "percent", "light", "light_reason",
        "last_update_seq", "last_update_at", "last_update_by", "delays", "completed_at", "completed_late", "targets",
        "closed_at", "returned", "application_pending", "extension_requested_until", "open_findings",
    ]

    /// The audit sheet's columns, in order: `kind`, then every ``AuditTable/Column`` in its fixed order,
    /// in snake case (`completed_at`).
    static let auditColumns = ["kind"] + AuditTable.Column.allCases.map { snakeCase($0.rawValue) }

    /// The task table's Chinese headers, in the order of ``taskColumns``.
    static let taskColumnsZh = [
        "编号", "所属部分", "任务", "牵头单位", "责任单位", "原截止日期", "现截止日期", "状态", "进度", "亮灯", "亮灯说明",
        "最近更新记录号", "最近更新时间", "最近更新单位", "延期次数", "完成时间", "逾期办结", "目标与实绩",
        "销号时间", "退回次数", "待销号审核", "申请延期至", "未销号督查发现",
    ]

    private var zh: Bool { content.language == .zh }

    /// One row per task, in section and number order.
    func report() -> String {
        guard !zh else { return reportZh() }
        var rows = [Self.taskColumns]
        for task in content.orderedTasks {
            rows.append([
                task.id, task.section ?? "", task.title, names(task.lead), names(task.co),
                "\(task.originalDeadline)", "\(task.deadline)", task.status.rawValue, number(task.percent),
                task.light.rawValue, task.lightReason, "\(task.lastUpdateSeq)", "\(task.lastUpdateAt)",
                content.name(task.lastUpdateBy), "\(task.delays.count)", task.completedAt.map { "\($0)" } ?? "",
                task.completedLate ? "true" : "false", task.metrics.map(metric).joined(separator: "; "),
                task.workflow.closedAt.map { "\($0)" } ?? "", "\(task.workflow.returned)", task.workflow.application == nil ? "false" : "true",
                task.workflow.extensionRequest.map { "\($0.until)" } ?? "", "\(task.openFindings)",
            ])
        }
        return Self.document(rows)
    }

    /// The task table in Chinese: headers, status, light and its reason, local times, 是/否, judged targets.
    private func reportZh() -> String {
        var rows = [Self.taskColumnsZh]
        for task in content.orderedTasks {
            rows.append([
                task.id, task.section.map(content.sectionTitle) ?? "", task.title, content.names(task.lead), content.names(task.co),
                "\(task.originalDeadline)", "\(task.deadline)", task.status.label(.zh), content.percent(task.percent),
                task.light.label(.zh), content.reason(task), "\(task.lastUpdateSeq)", content.time(task.lastUpdateAt),
                content.name(task.lastUpdateBy), "\(task.delays.count)", task.completedAt.map(content.time) ?? "",
                task.completedLate ? "是" : "否", task.metrics.map(content.metric).joined(separator: "；"),
                task.workflow.closedAt.map(content.time) ?? "", "\(task.workflow.returned)", task.workflow.application == nil ? "否" : "是",
                task.workflow.extensionRequest.map { "\($0.until)" } ?? "", "\(task.openFindings)",
            ])
        }
        return Self.document(rows)
    }

    /// One row per audit item, the audit tables one after the other; `kind` is `finding`,
    /// `late-completion`, `delay`, `never-reported`, `silent-department` or `overdue`, and the columns a
    /// table does not have are empty.
    func audit() -> String {
        let all = AuditTable.Column.allCases
        var rows = [zh ? ["类别"] + all.map { content.header($0) } : Self.auditColumns]
        for table in content.auditTables {
            for row in table.rows {
                var fields = Array(repeating: "", count: all.count)
                for (column, value) in zip(table.columns, row.values) {
                    if let index = all.firstIndex(of: column) { fields[index] = field(value) }
                }
                rows.append([zh ? content.label(table.kind.label) : Self.kind(table.kind)] + fields)
            }
        }
        return Self.document(rows)
    }

    /// A list's name in the `kind` column.
    static func kind(_ kind: AuditTable.Kind) -> String {
        switch kind {
        case .findings: "finding"
        case .lateCompletions: "late-completion"
        case .delays: "delay"
        case .neverReported: "never-reported"
        case .silentDepartments: "silent-department"
        case .overdue: "overdue"
        case .closedTargetsUnmet: "closed-targets-unmet"
        case .inspections: "inspection-finding"
        case .pendingApplications: "pending-application"
        case .pendingExtensions: "pending-extension"
        }
    }

    /// `completedAt` → `completed_at`.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out
    }

    /// A value in its stable spelling: UTC timestamps (local times in Chinese), unit names, the deadline in force.
    private func field(_ value: AuditTable.Value) -> String {
        if zh {
            switch value {
            case .time(let instant): return instant.map(content.time) ?? ""
            case .update(_, let at, let by): return "\(content.time(at)) \(content.name(by))"
            case .percent(let percent): return content.percent(percent)
            case .targets(let metrics): return metrics.map(content.metric).joined(separator: "；")
            default: break
            }
        }
        return switch value {
        case .integer(let n): n.map { "\($0)" } ?? ""
        case .text(let text): text ?? ""
        case .department(let code): content.name(code)
        case .departments(let codes): names(codes)
        case .day(let day): "\(day)"
        case .deadline(_, let inForce): "\(inForce)"
        case .time(let instant): instant.map { "\($0)" } ?? ""
        case .percent(let percent): number(percent)
        case .update(_, let at, let by): "\(at) \(content.name(by))"
        case .targets(let metrics): metrics.map(metric).joined(separator: "; ")
        case .severity, .findingStatus: content.text(value)
        }
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

    private func number(_ value: Double) -> String { value.isFinite ? JSONValue.canonicalNumber(value) : "" }

    /// `metric comparator value unit = latest (achievement%)`, language-neutral.
    private func metric(_ m: MetricState) -> String {
        let latest = m.latest.map(number) ?? ""
        guard let target = m.target else { return "\(m.metric) = \(latest) \(m.unit)" }
        let achieved = m.judgement.map { " (" + ($0.met ? "met" : "unmet") + ", gap " + JSONValue.canonicalNumber($0.gap) + ")" } ?? ""
        return "\(m.metric) \(target.comparator.rawValue) \(number(target.value)) \(target.unit) = \(latest.isEmpty ? "?" : latest)\(achieved)"
    }
}
