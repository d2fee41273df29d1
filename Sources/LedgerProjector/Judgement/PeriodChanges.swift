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
    /// Extensions granted in the period, with their task ids, by seq: deadlines moved by the office's
    /// approval (version 2) or by a version 1 `delayed` record, accepted after the start. A request
    /// refused, or still awaiting the office, is not an extension.
    public var extensions: [(task: String, delay: DelayEntry)]
    /// 督查发现 opened in the period, in the order opened, as they stand at the end.
    public var findingsOpened: [InspectionFinding]
    /// 督查发现 their inspector closed in the period (opened then or before), in the order opened.
    public var findingsClosed: [InspectionFinding]
    /// 督查发现 still open at the end (opened in the period or before), in the order opened.
    public var findingsOpen: [InspectionFinding]
    /// Records that broke a transition rule in the period.
    public var ruleBreaks: [Finding]
    /// Units ranked at either end whose place changed, biggest fall first.
    public var rankMoves: [RankMove]

    /// The changes from `before` to `after`.
    public init(before: ProjectedState, after: ProjectedState) {
        self.before = before
        self.after = after
        let was = Dictionary(after.tasks.compactMap { t in before.tasks.first { $0.id == t.id }.map { (t.id, $0) } }) { a, _ in a }
        newlyClosed = after.tasks.filter { $0.status.isDone && was[$0.id]?.status.isDone != true }
        newlyRed = after.tasks.filter { $0.light == .red && was[$0.id]?.light != .red }
        // An approved extension carries its request's seq and time, which may fall before the period:
        // what counts is that the deadline moved in it, so compare the two states' delays.
        extensions = after.tasks.flatMap { task in
            let known = Set((was[task.id]?.delays ?? []).map(\.seq))
            return task.delays.filter { !known.contains($0.seq) }.map { (task: task.id, delay: $0) }
        }.sorted { $0.delay.seq < $1.delay.seq }
        let closedBefore = Set(before.inspections.filter { $0.status == .closed }.map(\.id))
        findingsOpened = after.inspections.filter { $0.seq >= before.recordCount }
        findingsClosed = after.inspections.filter { $0.status == .closed && !closedBefore.contains($0.id) }
        findingsOpen = after.inspections.filter { $0.status != .closed }
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
