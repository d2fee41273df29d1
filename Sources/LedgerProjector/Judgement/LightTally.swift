import LedgerCore

/// The counts a 督办 office keeps apart (docs/JUDGEMENT.md, rule C): a task can be in several
/// (an extended task that is now due soon counts as 已延期 and as 临期).
public struct LightTally: Sendable, Hashable, Codable {
    /// 逾期未完成: past the deadline in force, not closed.
    public var overdue = 0
    /// 逾期完成: closed late.
    public var completedLate = 0
    /// 已延期: the deadline was extended by an extension the office approved (or a version 1 `delayed` record).
    public var extended = 0
    /// 滞后: behind 序时进度 (严重滞后 included).
    public var behind = 0
    /// 严重滞后: further behind 序时进度 than ``ProjectionOptions/seriousLag``.
    public var seriouslyBehind = 0
    /// 临期: due within the warning window.
    public var dueSoon = 0
    /// 未报送: nobody responsible reported for longer than the silence limit.
    public var silent = 0
    /// 待年终统计: past a year-end deadline, waiting for annual statistics.
    public var awaitingStatistics = 0
    /// 办结但指标未达标: closed with a target unmet or unreported.
    public var closedTargetsUnmet = 0
}

extension ProjectedState {
    /// The separate counts of ``LightTally`` over every task.
    public var tally: LightTally {
        var t = LightTally()
        for task in tasks {
            if !task.delays.isEmpty { t.extended += 1 }
            if task.closedTargetsUnmet { t.closedTargetsUnmet += 1 }
            switch task.lightReasonCode.kind {
            case .overdue: t.overdue += 1
            case .completedLate: t.completedLate += 1
            case .behindSchedule: t.behind += 1
            case .seriouslyBehind:
                t.behind += 1
                t.seriouslyBehind += 1
            case .dueSoon: t.dueSoon += 1
            case .dueSoonAndBehind:
                t.dueSoon += 1
                t.behind += 1
            case .silent: t.silent += 1
            case .awaitingStatistics: t.awaitingStatistics += 1
            case .completedOnTime, .completedAfterDelay, .closedTargetsUnmet, .onTrack, .findingsOpen: break
            }
        }
        return t
    }
}
