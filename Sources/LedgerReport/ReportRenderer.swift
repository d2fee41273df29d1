import LedgerCore
import LedgerProjector

/// Renders a ``ProjectedState`` as a report for people or programs.
///
/// Two views, each in every ``ReportFormat``:
/// - ``render(_:)``, the leadership report: summary lights and the counts kept apart, every task grouped
///   by section with its progress, light and targets judged by comparator and unit, the 参考排名 with its
///   rule in the report's language, and the plan's main indicators (docs/JUDGEMENT.md);
/// - ``renderAudit(_:)``, the discipline inspector's view (监督核查报告): rule breaks, late closures,
///   delays with their reasons and signers, tasks never reported on, silent units, overdue tasks, and
///   tasks closed with targets unmet;
/// - ``renderBulletin(since:from:to:_:)``, the 月通报: what changed between two dates.
///
/// Rendering is pure: it reads nothing, writes nothing and gives the same string for the same input,
/// so a report can be regenerated from the log and compared byte for byte. Everything it needs comes
/// with the state: the ledger's UTC offset (times are shown in it), the plan's section titles and the
/// thresholds the lights and the silence flag were judged by. Titles, reasons and names
/// are shown exactly as the log holds them; only the report's own labels follow ``language``.
public struct ReportRenderer: Sendable {
    /// The state being reported.
    public var state: ProjectedState
    /// The language of labels and headings.
    public var language: ReportLanguage
    /// Display names by department code; they override the names carried in ``ProjectedState/departments``.
    public var departmentNames: [String: String]
    /// Whether terminal text colours the lights with ANSI escapes; other formats ignore it.
    public var color: Bool
    /// Where HTML links a task and a record (a served dashboard); nil for a self-contained page without links.
    public var links: ReportLinks?

    /// Creates a renderer; only `state` is required.
    ///
    /// - Parameters:
    ///   - state: the projected state to report.
    ///   - language: label language, Chinese by default.
    ///   - departmentNames: display names by department code, overriding those in `state`.
    ///   - color: ANSI colours for the lights in ``ReportFormat/text``; off by default.
    public init(
        state: ProjectedState,
        language: ReportLanguage = .zh,
        departmentNames: [String: String] = [:],
        color: Bool = false,
        links: ReportLinks? = nil
    ) {
        self.state = state
        self.language = language
        self.departmentNames = departmentNames
        self.color = color
        self.links = links
    }

    /// The leadership report in `format`.
    ///
    /// ``ReportFormat/csv`` gives one row per task (stable English headers, UTF-8 byte order mark,
    /// CRLF line ends); ``ReportFormat/json`` gives the whole report's data as canonical JSON.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .text: TextReportWriter(content).report()
        case .markdown: MarkdownReportWriter(content).report()
        case .csv: CSVReportWriter(content).report()
        case .json: JSONReportWriter(content).report()
        case .html: HTMLReportWriter(content).report()
        }
    }

    /// The inspector's audit view in `format`.
    ///
    /// A department is listed as silent by the state's own judgement, under the
    /// ``ProjectionOptions/silenceDays`` it was projected with.
    ///
    /// ``ReportFormat/csv`` gives one row per audit item, its `kind` column saying which list it is from.
    public func renderAudit(_ format: ReportFormat) -> String {
        switch format {
        case .text: TextReportWriter(content).audit()
        case .markdown: MarkdownReportWriter(content).audit()
        case .csv: CSVReportWriter(content).audit()
        case .json: JSONReportWriter(content).audit()
        case .html: HTMLAuditWriter(content).audit()
        }
    }

    /// A task's history page: every record about `taskID`, oldest first, each linking to its record page.
    /// - Parameter records: the records about the task with their hashes, in log order.
    public func renderTaskHistory(taskID: String, records: [(record: Record, hash: String)]) -> String {
        HTMLRecordPages(content).taskHistory(taskID: taskID, records: records)
    }

    /// One record's page: who signed what, when it was accepted, its hash, and its exact log line.
    /// - Parameters:
    ///   - hash: the record's hash (the chain's link to it).
    ///   - hasNext: whether a later record exists (for the "next" link).
    public func renderRecord(_ record: Record, hash: String, hasNext: Bool) -> String {
        HTMLRecordPages(content).record(record, hash: hash, hasNext: hasNext)
    }

    /// The 月通报 from `from` to `to` (docs/JUDGEMENT.md, rule B) in `format`: 总体情况, 主要指标完成情况,
    /// 亮灯清单, 存在问题, 下步督办要求, built from ``state`` (the end of `to`) and `previous` (the state at the
    /// end of the day before `from`, from the same ledger).
    public func renderBulletin(since previous: ProjectedState, from: CalendarDay, to: CalendarDay, _ format: ReportFormat) -> String {
        let writer = BulletinWriter(content: content, changes: PeriodChanges(before: previous, after: state), from: from, to: to)
        return switch format {
        case .text: writer.text()
        case .markdown: writer.markdown()
        case .csv: writer.csv()
        case .json: writer.json()
        case .html: writer.html()
        }
    }

    private var content: ReportContent {
        ReportContent(state: state, language: language, departmentNames: departmentNames, color: color, links: links)
    }
}
