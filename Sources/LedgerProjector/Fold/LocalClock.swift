import LedgerCore

/// Calendar days in the ledger's fixed UTC offset: where deadlines end and which day an instant falls on.
struct LocalClock: Sendable, Hashable {
    /// Seconds east of UTC, from the genesis record (`+08:00` → 28800).
    var offsetSeconds: Int

    /// The first instant after `day` ends in local time: (D+1)·86400 − offset. A deadline of `day` is
    /// missed by anything accepted at or after it.
    func end(of day: CalendarDay) -> Timestamp {
        Timestamp(secondsSinceEpoch: Int64(day.daysSinceEpoch + 1) * 86_400 - Int64(offsetSeconds))
    }

    /// The local calendar day an instant falls on.
    func day(of instant: Timestamp) -> CalendarDay {
        Timestamp(secondsSinceEpoch: instant.secondsSinceEpoch + Int64(offsetSeconds)).day
    }

    /// The local month an instant falls in, as year × 12 + month − 1, so consecutive months differ by one.
    func month(of instant: Timestamp) -> Int {
        let (year, month, _) = day(of: instant).components
        return year * 12 + month - 1
    }
}
