#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A UTC instant with one-second precision, written `2023-03-01T08:00:00Z`.
///
/// The format fixes one spelling per instant so that a timestamp's bytes, and therefore the record's
/// hash, never depend on who wrote it; the spelling also sorts lexically in time order.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64

    /// Creates a timestamp from seconds since the Unix epoch.
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The current time from the system clock, truncated to the second.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSinceEpoch: Int64(spec.tv_sec))
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ`; anything else (offsets, fractions, lowercase) returns nil.
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Timestamp(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// ``init(_:)`` of the string whose UTF-8 is `b`, read in place: every record holds two times.
    init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 20, b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z"),
            let day = CalendarDay(utf8: UnsafeBufferPointer(rebasing: b[0..<10])),
            let hour = Self.digits(b, 11, 2), hour < 24,
            let minute = Self.digits(b, 14, 2), minute < 60,
            let second = Self.digits(b, 17, 2), second < 60
        else { return nil }
        secondsSinceEpoch = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The decimal number spelled by the `count` ASCII digits at `at`; nil if any is not a digit.
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        var value = 0
        for k in at..<(at + count) {
            let d = b[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    /// The calendar day (UTC) this instant falls on.
    public var day: CalendarDay {
        CalendarDay(daysSinceEpoch: Int(secondsSinceEpoch.floorDivided(by: 86_400)))
    }

    /// The canonical spelling, `2023-03-01T08:00:00Z`.
    public var description: String {
        let day = self.day
        let seconds = Int(secondsSinceEpoch - Int64(day.daysSinceEpoch) * 86_400)
        let (year, month, dayOfMonth) = day.components
        guard (0...9999).contains(year) else {
            return "\(day)T\(Self.pad(seconds / 3600)):\(Self.pad(seconds / 60 % 60)):\(Self.pad(seconds % 60))Z"
        }
        // The usual case, spelled into a fixed buffer: every record's times are checked by reading them back.
        return String(unsafeUninitializedCapacity: 20) { out in
            func put(_ value: Int, _ at: Int, _ width: Int) {
                var v = value
                for k in stride(from: at + width - 1, through: at, by: -1) {
                    out[k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(year, 0, 4)
            out[4] = UInt8(ascii: "-")
            put(month, 5, 2)
            out[7] = UInt8(ascii: "-")
            put(dayOfMonth, 8, 2)
            out[10] = UInt8(ascii: "T")
            put(seconds / 3600, 11, 2)
            out[13] = UInt8(ascii: ":")
            put(seconds / 60 % 60, 14, 2)
            out[16] = UInt8(ascii: ":")
            put(seconds % 60, 17, 2)
            out[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    /// This instant moved by a number of seconds.
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }
}

/// A calendar date in the proleptic Gregorian calendar, written `2023-12-31`: deadlines and promised dates.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let daysSinceEpoch: Int

    /// Creates a day from its distance to 1970-01-01.
    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Creates a day from year, month and day of month, or nil when the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil: exact for every Gregorian date, no Foundation calendar needed.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ CalendarDay(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// ``init(_:)`` of the string whose UTF-8 is `b`, read in place.
    init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), let year = Timestamp.digits(b, 0, 4),
            let month = Timestamp.digits(b, 5, 2), let day = Timestamp.digits(b, 8, 2)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Year, month and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The canonical spelling, `2023-12-31`.
    public var description: String {
        let (year, month, day) = components
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + Timestamp.pad(month) + "-" + Timestamp.pad(day)
    }

    /// The first instant after this day ends (midnight UTC of the next day): a deadline of this day is
    /// missed by anything accepted at or after it.
    public var endInstant: Timestamp {
        Timestamp(secondsSinceEpoch: Int64(daysSinceEpoch + 1) * 86_400)
    }

    /// This day moved by a number of days.
    public func adding(days: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + days) }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}

extension Timestamp: Codable {
    /// Decodes the canonical spelling only.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Timestamp(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a UTC time YYYY-MM-DDTHH:MM:SSZ: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension CalendarDay: Codable {
    /// Decodes the canonical spelling only.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CalendarDay(text), value.description == text else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date YYYY-MM-DD: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
