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

    init(code: String, name: String) {
        self.code = code
        self.name = name
        hasDepartmentKey = false
        reports = 0
    }
}

/// The ranking of departments, in one place so the rule's text and its code cannot drift apart.
enum Ranking {
    /// The rule in Chinese and English, as ``ProjectedState/rankingRule`` shows it.
    static let rule = """
        得分 =（按期完成数×3 + 逾期完成数×1 − 当前逾期数×3 − 延期任务数×1）÷ 负责任务数（牵头与负责合计；无任务者得分为0）；\
        得分高者在前，同分者当前逾期少者在前，再按部门代码排序。\
        Score = (on-time completions × 3 + late completions × 1 − tasks now overdue × 3 − tasks ever delayed × 1) \
        ÷ tasks the department is responsible for (lead plus co-responsible; 0 for a department with no tasks); \
        higher score ranks first; ties go to fewer tasks now overdue, then to the department code in ascending order.
        """

    /// The score of one department's counts under ``rule``.
    static func score(onTime: Int, late: Int, overdue: Int, delayed: Int, responsible: Int) -> Double {
        guard responsible > 0 else { return 0 }
        return Double(3 * onTime + late - 3 * overdue - delayed) / Double(responsible)
    }

    /// Whether `a` ranks above `b`.
    static func precedes(_ a: DepartmentState, _ b: DepartmentState) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.overdue != b.overdue { return a.overdue < b.overdue }
        return a.code.unicodeScalars.lexicographicallyPrecedes(b.code.unicodeScalars) { $0.value < $1.value }
    }

    /// Departments with counts filled in, scored, sorted and given 1-based ranks.
    static func rank(_ departments: [DepartmentState]) -> [DepartmentState] {
        var sorted = departments.sorted(by: precedes)
        for i in sorted.indices { sorted[i].rank = i + 1 }
        return sorted
    }
}
