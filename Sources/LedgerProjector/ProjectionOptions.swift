/// The thresholds the projector judges tasks and departments by.
///
/// They are part of a snapshot: a snapshot made under other options holds other lights and is refused.
public struct ProjectionOptions: Sendable, Hashable, Codable {
    /// A task not yet completed is yellow (临期) when its deadline in force is at most this many days away.
    public var warningDays: Int
    /// A task not yet completed is yellow (滞后) when its percent is more than this many percentage points
    /// below the straight-line schedule from assignment to deadline.
    public var scheduleTolerance: Double
    /// A department responsible for a task is silent (for the audit) when more than this many whole days
    /// passed since its last report, or since its enrolment when it never reported.
    public var silenceDays: Int

    /// Creates options; the defaults are 30 warning days, a 10-point schedule tolerance and 60 silence days.
    public init(warningDays: Int = 30, scheduleTolerance: Double = 10, silenceDays: Int = 60) {
        self.warningDays = warningDays
        self.scheduleTolerance = scheduleTolerance
        self.silenceDays = silenceDays
    }
}
