/// The form a report is rendered in.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal, optionally with ANSI colours for the lights.
    case text
    /// GitHub-flavoured Markdown tables, with 🔴🟡🟢 for the lights.
    case markdown
    /// RFC 4180 CSV with a UTF-8 byte order mark, for a spreadsheet.
    case csv
    /// RFC 8785 canonical JSON of the report's data, for other programs.
    case json
    /// One self-contained HTML page (inline CSS, nothing fetched), printable.
    case html
}
