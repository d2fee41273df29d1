import LedgerProjector

/// Renders a ``ProjectedState`` as a report for people or programs.
///
/// Two views, each in every ``ReportFormat``:
/// - ``render(_:)``, the leadership report: summary lights, every task grouped by section with its
///   progress, light and targets, the department ranking with its rule, and the plan targets;
/// - ``renderAudit(_:silenceDays:)``, the discipline inspector's view: findings, late completions,
///   delays with their reasons and signers, tasks never reported on, silent departments, overdue tasks.
///
/// Rendering is pure: it reads nothing, writes nothing and gives the same string for the same input,
/// so a report can be regenerated from the log and compared byte for byte. Titles, reasons and names
/// are shown exactly as the log holds them; only the report's own labels follow ``language``.
public struct ReportRenderer: Sendable {
    /// The state being reported.
    public var state: ProjectedState
    /// The language of labels and headings.
    public var language: ReportLanguage
    /// Display names by department code; they override the names carried in ``ProjectedState/departments``.
    public var departmentNames: [String: String]
    /// Section headings by section id (`"1"` → `（一）激发释放消费潜力`); without one a section shows its number.
    public var sectionTitles: [String: String]
    /// The ledger's UTC offset in seconds (`+08:00` → 28800): times are shown in it, and the header says so.
    public var utcOffsetSeconds: Int
    /// Whether terminal text colours the lights with ANSI escapes; other formats ignore it.
    public var color: Bool

    /// Creates a renderer; only `state` is required.
    ///
    /// - Parameters:
    ///   - state: the projected state to report.
    ///   - language: label language, Chinese by default.
    ///   - departmentNames: display names by department code, overriding those in `state`.
    ///   - sectionTitles: section headings by section id.
    ///   - utcOffsetSeconds: the offset to show times in; UTC by default.
    ///   - color: ANSI colours for the lights in ``ReportFormat/text``; off by default.
    public init(
        state: ProjectedState,
        language: ReportLanguage = .zh,
        departmentNames: [String: String] = [:],
        sectionTitles: [String: String] = [:],
        utcOffsetSeconds: Int = 0,
        color: Bool = false
    ) {
        self.state = state
        self.language = language
        self.departmentNames = departmentNames
        self.sectionTitles = sectionTitles
        self.utcOffsetSeconds = utcOffsetSeconds
        self.color = color
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
    /// - Parameter silenceDays: a department is listed as silent when its last report is more than
    ///   this many whole days before the state's time.
    ///
    /// ``ReportFormat/csv`` gives one row per audit item, its `kind` column saying which list it is from.
    public func renderAudit(_ format: ReportFormat, silenceDays: Int) -> String {
        switch format {
        case .text: TextReportWriter(content).audit(silenceDays: silenceDays)
        case .markdown: MarkdownReportWriter(content).audit(silenceDays: silenceDays)
        case .csv: CSVReportWriter(content).audit(silenceDays: silenceDays)
        case .json: JSONReportWriter(content).audit(silenceDays: silenceDays)
        case .html: HTMLAuditWriter(content).audit(silenceDays: silenceDays)
        }
    }

    private var content: ReportContent {
        ReportContent(
            state: state, language: language, departmentNames: departmentNames,
            sectionTitles: sectionTitles, utcOffsetSeconds: utcOffsetSeconds, color: color
        )
    }
}
