import LedgerCore

/// The thresholds the projector judges tasks and units by; docs/JUDGEMENT.md states each rule with its default.
///
/// They are part of a snapshot: a snapshot made under other options holds other lights and is refused.
public struct ProjectionOptions: Sendable, Hashable, Codable {
    /// A task not yet closed is yellow (临期) when its deadline in force is at most this many days away.
    public var warningDays: Int
    /// A task not yet closed is yellow (滞后) when its percent is more than this many percentage points
    /// below 序时进度 (the straight-line schedule from assignment to deadline).
    public var scheduleTolerance: Double
    /// A task not yet closed is red (严重滞后) when its percent is more than this many percentage points
    /// below 序时进度. At least ``scheduleTolerance``.
    public var seriousLag: Double
    /// A unit responsible for a task is silent (for the audit) when more than this many whole days passed
    /// since its last report, or since its enrolment when it never reported; a task nobody responsible
    /// reported on for more than this many days is red (未报送).
    public var silenceDays: Int
    /// The tolerance of a `~` (左右) target, in percent of the target's value: with 10, "about 1 point"
    /// is met from 0.9 points on.
    public var aboutTolerance: Double
    /// How many days after a year-end deadline a task judged only on published annual statistics waits
    /// for them (待年终统计) before it counts as overdue.
    public var statisticsDays: Int
    /// Unit codes listed apart from the ranking besides those the name rule finds (``Ranking/isStationed(name:)``).
    public var stationedUnits: [String]

    /// Creates options. Defaults: 30 warning days, yellow beyond 10 and red beyond 20 points behind
    /// 序时进度, 60 silence days, a 10 % tolerance for 左右, 90 days to wait for annual statistics.
    public init(
        warningDays: Int = 30, scheduleTolerance: Double = 10, seriousLag: Double = 20, silenceDays: Int = 60,
        aboutTolerance: Double = 10, statisticsDays: Int = 90, stationedUnits: [String] = []
    ) {
        self.warningDays = warningDays
        self.scheduleTolerance = scheduleTolerance
        self.seriousLag = max(seriousLag, scheduleTolerance)
        self.silenceDays = silenceDays
        self.aboutTolerance = aboutTolerance
        self.statisticsDays = statisticsDays
        self.stationedUnits = stationedUnits
    }
}

extension ProjectionOptions {
    /// The options a snapshot's `options` member holds; nil when it is not a complete set.
    public init?(json: JSONValue) {
        guard let options = try? JSONValueDecoder().decode(ProjectionOptions.self, from: json) else { return nil }
        self = options
    }
}
