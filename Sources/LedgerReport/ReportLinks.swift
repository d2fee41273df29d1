/// Where a served report links a task and a record: the dashboard's task ids open the task's history,
/// the history's records open their pages. A report written to a file has none (it must stand alone).
public struct ReportLinks: Sendable {
    /// The path of a task's history page.
    public var task: @Sendable (String) -> String
    /// The path of a record's page.
    public var record: @Sendable (Int) -> String
    /// The path of the report itself (the dashboard), for the pages to link back to.
    public var report: String

    public init(report: String, task: @escaping @Sendable (String) -> String, record: @escaping @Sendable (Int) -> String) {
        self.report = report
        self.task = task
        self.record = record
    }
}
