import LedgerCore
import LedgerCrypto

/// Replays verified records into the state of the plan: the fold behind `ledger state` and every report.
///
/// Feed it records that already passed ``ChainState`` (chain, signature, key and authority), in log
/// order, with ``apply(_:)``; ask for ``state(asOf:)`` at any point. Deadlines and lights are judged by
/// the ledger's acceptance times, never by the time a statement claims. The same records always give
/// the same ``ProjectedState``, and the same bytes from ``ProjectedState/canonicalBytes``.
///
/// Memory grows with tasks, departments and findings, never with the number of records, and each
/// record costs time independent of how many came before it.
public struct Projector: Sendable {
    /// The version of the projection's semantics, recorded in snapshots.
    ///
    /// Bump it whenever the same records would project differently (a rule, a light, a field of the
    /// fold state, a member of ``ProjectedState``): snapshots written by another version are refused and
    /// must be rebuilt. Version 2 added ``ProjectedState/utcOffsetSeconds``, judges a department
    /// ``DepartmentState/silent`` only when it is responsible for a task, and orders ids differing only
    /// in leading zeros by ``NaturalOrder``'s length rule. Version 3 folds the 督办 workflow of format
    /// version 2 (applications, 办结, 退回, reopening, extensions, 督查发现) into the state. Version 4
    /// judges targets by comparator and unit, lights and the 参考排名 as docs/JUDGEMENT.md states (on the
    /// workflow's facts: 销号, approved extensions, open findings), keeps each unit's value of a plan
    /// indicator apart, and remembers the months each unit reported in. Version 5 joins metric names,
    /// units and scopes by their Unicode scalars, as FORMAT.md compares them, where version 4 joined
    /// canonically equivalent names (`String` equality) and keyed the fold's tables by the text itself.
    public static let version = "5"

    /// The thresholds lights and silence are judged by.
    public let options: ProjectionOptions
    var fold: FoldState
    /// The last applied record's line, hashed only when ``head`` is asked for.
    private var lastLine: [UInt8] = []
    /// The head a snapshot restored, until a record is applied.
    private var restoredHead = Record.zeroHash

    /// Creates an empty projector, ready for record 0.
    public init(options: ProjectionOptions = ProjectionOptions()) {
        self.options = options
        fold = FoldState()
    }

    init(options: ProjectionOptions, fold: FoldState, head: String) {
        self.options = options
        self.fold = fold
        restoredHead = head
    }

    /// How many records have been applied (restored snapshots included): the next record's seq.
    public var recordCount: Int { fold.recordCount }

    /// The ledger id from the genesis record, once applied.
    public var ledgerID: String? { fold.ledgerID }

    /// The ledger's suite from the genesis record, once applied.
    public var suite: Suite? { fold.suite }

    /// The hash of the last applied record (64 zeros before any).
    public var head: String {
        guard !lastLine.isEmpty, let suite = fold.suite else { return restoredHead }
        return Record.hash(line: lastLine, suite: suite)
    }

    /// Applies the next record of the log.
    ///
    /// The record must already have passed ``ChainState``. A task event that breaks a
    /// ``TransitionRule`` is recorded as a ``Finding`` and otherwise leaves the task as it was.
    public mutating func apply(_ record: Record) {
        fold.apply(record)
        lastLine = record.line
    }

    /// Refuses a record that would break a ``TransitionRule``: what `ledger append` runs after ``ChainState``.
    /// - Throws: `RecordError` with the rule's ``TransitionRule/code`` (`.illegalTransition` for
    ///   events after completion and bad delays), its field and the record's seq.
    public func admissionCheck(_ record: Record) throws(RecordError) {
        let statement = record.signed.statement
        let task = statement.event.judgedTask
        if let (rule, reason) = TransitionRule.judge(
            statement, task: task.flatMap { fold.tasks[$0] }, findings: fold.inspections, planTargets: fold.planTargets)
        {
            throw RecordError(rule.code, field: rule.field, seq: record.seq, reason)
        }
    }

    /// The first instant after `day` ends in the ledger's UTC offset: (D+1)·86400 − offset.
    ///
    /// A deadline of `day` is missed by anything accepted at or after it. To project the state as of a
    /// date, apply the records accepted before `endOfDay(day)` and judge at one second before it.
    public func endOfDay(_ day: CalendarDay) -> Timestamp {
        fold.clock.end(of: day)
    }

    /// The local calendar day (in the ledger's UTC offset) on which `instant` falls.
    public func localDay(of instant: Timestamp) -> CalendarDay {
        fold.clock.day(of: instant)
    }

    /// The canonical JSON of ``state(asOf:)`` at the last applied record: what `ledger state --json` prints.
    public var stateJSON: JSONValue { state().json }
}
