/// The language of a report's labels and headings.
///
/// Only the words the report adds are translated; what the log holds (task titles, delay reasons,
/// department names) is shown exactly as it was signed.
public enum ReportLanguage: String, Sendable, CaseIterable {
    /// Simplified Chinese, the default: the plan, its departments and its readers are Chinese.
    case zh
    /// English.
    case en
}
