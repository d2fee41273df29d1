import LedgerCore

/// What the fold keeps about one department: identity, enrolment and its reports.
///
/// Task counts are not kept here: they follow from the tasks at the time the state is judged.
struct DepartmentFold: Sendable, Hashable, Codable {
    var code: String
    var name: String
    /// When the department's first key was enrolled (the genesis time for the operator's department).
    var enrolledAt: Timestamp?
    /// Whether it holds (or held) a key in the `department` role: such departments are always listed.
    var hasDepartmentKey: Bool
    /// Task reports (progress, completed, delayed) it signed, including ones that broke a rule.
    var reports: Int
    var lastReportAt: Timestamp?
    /// The local months (year × 12 + month − 1) in which it reported, ascending: for 报送及时率.
    var reportMonths: [Int] = []

    init(code: String, name: String) {
        self.code = code
        self.name = name
        hasDepartmentKey = false
        reports = 0
    }
}
