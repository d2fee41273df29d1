import LedgerCore

/// Why a task has its light: the case the projector judged and the days and numbers behind it.
///
/// Reports word it in their own language; ``description`` is the stable English sentence that
/// ``TaskState/lightReason`` carries for JSON and CSV consumers.
///
/// It encodes as one flat JSON object: `kind`, and only the members that kind has:
///
/// | kind | members |
/// | --- | --- |
/// | `overdue` | `deadline`, `daysLate` |
/// | `due-soon` | `deadline`, `daysLeft` |
/// | `behind-schedule` | `percent`, `expected` |
/// | `due-soon-and-behind` | `deadline`, `daysLeft`, `percent`, `expected` |
/// | `completed-late` | `completed`, `deadline` |
/// | `completed-after-delay` | `completed`, `originalDeadline`, `deadline` |
/// | `completed-on-time` | `completed`, `deadline` |
/// | `on-track` | `percent`, `expected` |
/// | `closed-targets-unmet` | `completed`, `deadline`, `unmet` |
/// | `awaiting-statistics` | `deadline`, `until` |
/// | `silent` | `days`, `percent` |
/// | `seriously-behind` | `percent`, `expected` |
/// | `findings-open` | `count` |
///
/// Dates are local calendar days (`2023-12-31`); `percent` is the task's reported progress and
/// `expected` the straight-line schedule's, rounded to a whole percent.
public enum LightReason: Sendable, Hashable {
    /// Red: not completed by the end of `deadline` (the deadline in force); `daysLate` ≥ 1 whole days since.
    case overdue(deadline: CalendarDay, daysLate: Int)
    /// Yellow: due within the warning window; `daysLeft` is 0 on the deadline day itself.
    case dueSoon(deadline: CalendarDay, daysLeft: Int)
    /// Yellow: progress more than the tolerance behind the straight-line schedule.
    case behindSchedule(percent: Double, expected: Double)
    /// Yellow: both due soon and behind schedule.
    case dueSoonAndBehind(deadline: CalendarDay, daysLeft: Int, percent: Double, expected: Double)
    /// Red for good: completed on `completed`, after `deadline` had passed (the deadline in force
    /// then; a later delay does not excuse it).
    case completedLate(completed: CalendarDay, deadline: CalendarDay)
    /// Yellow: completed by a deadline that delays moved from `originalDeadline` to `deadline`.
    case completedAfterDelay(completed: CalendarDay, originalDeadline: CalendarDay, deadline: CalendarDay)
    /// Green: completed by the original `deadline`.
    case completedOnTime(completed: CalendarDay, deadline: CalendarDay)
    /// Green: not due soon and on schedule.
    case onTrack(percent: Double, expected: Double)
    /// Yellow: closed by its deadline with `unmet` targets not met or not reported (办结但指标未达标).
    case closedTargetsUnmet(completed: CalendarDay, deadline: CalendarDay, unmet: Int)
    /// Yellow: past a year-end `deadline`, judged only on annual statistics, which it waits for until `until` (待年终统计).
    case awaitingStatistics(deadline: CalendarDay, until: CalendarDay)
    /// Red: no responsible unit reported on the task for `days` whole days, more than the silence limit (未报送).
    case silent(days: Int, percent: Double)
    /// Red: progress further behind 序时进度 than ``ProjectionOptions/seriousLag`` (严重滞后).
    case seriouslyBehind(percent: Double, expected: Double)
    /// Yellow: on schedule, but `count` inspector findings on it are still open.
    case findingsOpen(count: Int)

    /// The kind of reason, without its numbers: the `kind` member of the JSON form.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case overdue
        case dueSoon = "due-soon"
        case behindSchedule = "behind-schedule"
        case dueSoonAndBehind = "due-soon-and-behind"
        case completedLate = "completed-late"
        case completedAfterDelay = "completed-after-delay"
        case completedOnTime = "completed-on-time"
        case onTrack = "on-track"
        case closedTargetsUnmet = "closed-targets-unmet"
        case awaitingStatistics = "awaiting-statistics"
        case silent
        case seriouslyBehind = "seriously-behind"
        case findingsOpen = "findings-open"
    }

    /// The kind of reason, without its numbers.
    public var kind: Kind {
        switch self {
        case .overdue: .overdue
        case .dueSoon: .dueSoon
        case .behindSchedule: .behindSchedule
        case .dueSoonAndBehind: .dueSoonAndBehind
        case .completedLate: .completedLate
        case .completedAfterDelay: .completedAfterDelay
        case .completedOnTime: .completedOnTime
        case .onTrack: .onTrack
        case .closedTargetsUnmet: .closedTargetsUnmet
        case .awaitingStatistics: .awaitingStatistics
        case .silent: .silent
        case .seriouslyBehind: .seriouslyBehind
        case .findingsOpen: .findingsOpen
        }
    }
}

extension LightReason {
    /// Whole local days past ``missedDeadline``: `daysLate` of an overdue task, completion day minus
    /// deadline of a late completion; nil for the other kinds. ``TaskState/daysLate`` is this.
    var daysLate: Int? {
        switch self {
        case let .overdue(_, daysLate): daysLate
        case let .completedLate(completed, deadline): completed.daysSinceEpoch - deadline.daysSinceEpoch
        default: nil
        }
    }

    /// The deadline an overdue task or a late completion missed; nil for the other kinds.
    var missedDeadline: CalendarDay? {
        switch self {
        case let .overdue(deadline, _), let .completedLate(_, deadline): deadline
        default: nil
        }
    }
}

extension LightReason: CustomStringConvertible {
    /// The reason as one stable English sentence: `past deadline 2023-12-31 by 5 days`,
    /// `due in 9 days (deadline 2023-12-31)`, `behind schedule: 20% vs 55% expected`,
    /// `completed late: on 2024-02-10, 41 days after the deadline 2023-12-31`,
    /// `completed after delay: on 2024-03-05, deadline moved from 2023-12-31 to 2024-03-31`,
    /// `completed on time: on 2023-09-14, deadline 2023-12-31`, `on track: 70% vs 65% expected`.
    public var description: String {
        switch self {
        case let .overdue(deadline, daysLate):
            "past deadline \(deadline) by \(Self.days(daysLate))"
        case let .dueSoon(deadline, daysLeft):
            Self.due(deadline, daysLeft)
        case let .behindSchedule(percent, expected):
            "behind schedule: " + Self.schedule(percent, expected)
        case let .dueSoonAndBehind(deadline, daysLeft, percent, expected):
            Self.due(deadline, daysLeft) + "; behind schedule: " + Self.schedule(percent, expected)
        case let .completedLate(completed, deadline):
            "completed late: on \(completed), \(Self.days(daysLate ?? 0)) after the deadline \(deadline)"
        case let .completedAfterDelay(completed, originalDeadline, deadline):
            "completed after delay: on \(completed), deadline moved from \(originalDeadline) to \(deadline)"
        case let .completedOnTime(completed, deadline):
            "completed on time: on \(completed), deadline \(deadline)"
        case let .onTrack(percent, expected):
            "on track: " + Self.schedule(percent, expected)
        case let .closedTargetsUnmet(completed, deadline, unmet):
            "closed with targets unmet: on \(completed), deadline \(deadline), \(unmet == 1 ? "1 target" : "\(unmet) targets") not met"
        case let .awaitingStatistics(deadline, until):
            "awaiting year-end statistics: deadline \(deadline), judged by \(until)"
        case let .silent(days, _):
            "no report for \(Self.days(days))"
        case let .seriouslyBehind(percent, expected):
            "seriously behind schedule: " + Self.schedule(percent, expected)
        case let .findingsOpen(count):
            "\(count == 1 ? "1 inspector finding" : "\(count) inspector findings") open"
        }
    }

    private static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }

    private static func due(_ deadline: CalendarDay, _ daysLeft: Int) -> String {
        (daysLeft == 0 ? "due today" : "due in \(days(daysLeft))") + " (deadline \(deadline))"
    }

    private static func schedule(_ percent: Double, _ expected: Double) -> String {
        "\(JSONValue.canonicalNumber(percent))% vs \(JSONValue.canonicalNumber(expected))% expected"
    }
}

extension LightReason {
    /// The reason as the flat JSON object of the table above, as it appears in ``ProjectedState/json``.
    public var json: JSONValue {
        do {
            return try JSONValueEncoder().encode(self)
        } catch {
            preconditionFailure("light reason has no JSON form: \(error)")
        }
    }
}

extension LightReason: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, deadline, daysLate, daysLeft, percent, expected, completed, originalDeadline, unmet, until, days, count
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func day(_ key: CodingKeys) throws -> CalendarDay { try c.decode(CalendarDay.self, forKey: key) }
        func int(_ key: CodingKeys) throws -> Int { try c.decode(Int.self, forKey: key) }
        func number(_ key: CodingKeys) throws -> Double { try c.decode(Double.self, forKey: key) }
        switch try c.decode(Kind.self, forKey: .kind) {
        case .overdue: self = .overdue(deadline: try day(.deadline), daysLate: try int(.daysLate))
        case .dueSoon: self = .dueSoon(deadline: try day(.deadline), daysLeft: try int(.daysLeft))
        case .behindSchedule: self = .behindSchedule(percent: try number(.percent), expected: try number(.expected))
        case .dueSoonAndBehind:
            self = .dueSoonAndBehind(deadline: try day(.deadline), daysLeft: try int(.daysLeft), percent: try number(.percent), expected: try number(.expected))
        case .completedLate: self = .completedLate(completed: try day(.completed), deadline: try day(.deadline))
        case .completedAfterDelay:
            self = .completedAfterDelay(completed: try day(.completed), originalDeadline: try day(.originalDeadline), deadline: try day(.deadline))
        case .completedOnTime: self = .completedOnTime(completed: try day(.completed), deadline: try day(.deadline))
        case .onTrack: self = .onTrack(percent: try number(.percent), expected: try number(.expected))
        case .closedTargetsUnmet: self = .closedTargetsUnmet(completed: try day(.completed), deadline: try day(.deadline), unmet: try int(.unmet))
        case .awaitingStatistics: self = .awaitingStatistics(deadline: try day(.deadline), until: try day(.until))
        case .silent: self = .silent(days: try int(.days), percent: try number(.percent))
        case .seriouslyBehind: self = .seriouslyBehind(percent: try number(.percent), expected: try number(.expected))
        case .findingsOpen: self = .findingsOpen(count: try int(.count))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case let .overdue(deadline, daysLate):
            try c.encode(deadline, forKey: .deadline)
            try c.encode(daysLate, forKey: .daysLate)
        case let .dueSoon(deadline, daysLeft):
            try c.encode(deadline, forKey: .deadline)
            try c.encode(daysLeft, forKey: .daysLeft)
        case let .behindSchedule(percent, expected), let .onTrack(percent, expected), let .seriouslyBehind(percent, expected):
            try c.encode(percent, forKey: .percent)
            try c.encode(expected, forKey: .expected)
        case let .dueSoonAndBehind(deadline, daysLeft, percent, expected):
            try c.encode(deadline, forKey: .deadline)
            try c.encode(daysLeft, forKey: .daysLeft)
            try c.encode(percent, forKey: .percent)
            try c.encode(expected, forKey: .expected)
        case let .completedLate(completed, deadline), let .completedOnTime(completed, deadline):
            try c.encode(completed, forKey: .completed)
            try c.encode(deadline, forKey: .deadline)
        case let .completedAfterDelay(completed, originalDeadline, deadline):
            try c.encode(completed, forKey: .completed)
            try c.encode(originalDeadline, forKey: .originalDeadline)
            try c.encode(deadline, forKey: .deadline)
        case let .closedTargetsUnmet(completed, deadline, unmet):
            try c.encode(completed, forKey: .completed)
            try c.encode(deadline, forKey: .deadline)
            try c.encode(unmet, forKey: .unmet)
        case let .awaitingStatistics(deadline, until):
            try c.encode(deadline, forKey: .deadline)
            try c.encode(until, forKey: .until)
        case let .silent(days, percent):
            try c.encode(days, forKey: .days)
            try c.encode(percent, forKey: .percent)
        case let .findingsOpen(count):
            try c.encode(count, forKey: .count)
        }
    }
}
