import LedgerCore

/// What changed between two states of one ledger: the facts of a 月通报 (docs/JUDGEMENT.md, rule B).
///
/// Both states come from the same ledger cut at two dates (`LedgerDirectory.project(cut:)`), the
/// earlier first; everything here follows from the two alone.
public struct PeriodChanges: Sendable {
    /// One unit's place before and after (nil: not ranked then).
    public struct RankMove: Sendable, Hashable {
        public var department: String
        public var before: Int?
        public var after: Int?
    }

    /// The state at the start of the period (its end: the day before the period begins).
    public var before: ProjectedState
    /// The state at the end of the period.
    public var after: ProjectedState
    /// Tasks closed in the period, in task order.
    public var newlyClosed: [TaskState]
    /// Tasks red at the end that were not red at the start, in task order.
    public var newlyRed: [TaskState]
    /// Extensions granted in the period: each delay accepted after the start, with its task id.
    /// Under format version 1 every reported delay counts; approved extensions replace them.
    public var extensions: [(task: String, delay: DelayEntry)]
    /// Inspector findings opened in the period. Empty until findings are recorded (format version 2).
    public var findingsOpened: [Finding]
    /// Inspector findings closed in the period. Empty until findings are recorded (format version 2).
    public var findingsClosed: [Finding]
    /// Records that broke a transition rule in the period.
    public var ruleBreaks: [Finding]
    /// Units ranked at either end whose place changed, biggest fall first.
    public var rankMoves: [RankMove]

    /// The changes from `before` to `after`.
    public init(before: ProjectedState, after: ProjectedState) {
        self.before = before
        self.after = after
        let was = Dictionary(after.tasks.compactMap { t in before.tasks.first { $0.id == t.id }.map { (t.id, $0) } }) { a, _ in a }
        newlyClosed = after.tasks.filter { $0.status == .completed && was[$0.id]?.status != .completed }
        newlyRed = after.tasks.filter { $0.light == .red && was[$0.id]?.light != .red }
        extensions = after.tasks.flatMap { task in
            task.delays.filter { $0.accepted > before.asOf }.map { (task: task.id, delay: $0) }
        }.sorted { $0.delay.seq < $1.delay.seq }
        findingsOpened = []
        findingsClosed = []
        ruleBreaks = after.findings.filter { $0.seq >= before.recordCount }
        var moves: [RankMove] = []
        for d in after.departments {
            let old = before.departments.first { $0.code == d.code }?.rank
            if old != d.rank, old != nil || d.rank != nil { moves.append(RankMove(department: d.code, before: old, after: d.rank)) }
        }
        rankMoves = moves.sorted { a, b in
            let fa = (a.after ?? 999) - (a.before ?? 999), fb = (b.after ?? 999) - (b.before ?? 999)
            return fa != fb ? fa > fb : a.department.unicodeScalars.lexicographicallyPrecedes(b.department.unicodeScalars) { $0.value < $1.value }
        }
    }
}
