/// Where a served report links a task and a record: the dashboard's task ids open the task's history,
/// the history's records open their pages. A report written to a file has none (it must stand alone).
public struct ReportLinks: Sendable {
    /// The path of a task's history page.
    public var task: @Sendable (String) -> String
    /// The path of a record's page.
    public var record: @Sendable (Int) -> String
    /// The path of the report itself (the dashboard), for the pages to link back to.
    public var report: String
    /// The path of a record's inclusion proof against the latest checkpoint (FORMAT.md §12.6), when the
    /// server serves proofs: a record page links it, so anyone can take away what shows the record is in the log.
    public var proof: (@Sendable (Int) -> String)?

    public init(
        report: String, task: @escaping @Sendable (String) -> String, record: @escaping @Sendable (Int) -> String,
        proof: (@Sendable (Int) -> String)? = nil
    ) {
        self.report = report
        self.task = task
        self.record = record
        self.proof = proof
    }
}
