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
        guard text.utf8.count == 20 else { return nil }
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z"),
            let day = CalendarDay(bytes: bytes[0..<10]),
            let hour = Self.twoDigits(bytes, 11), hour < 24,
            let minute = Self.twoDigits(bytes, 14), minute < 60,
            let second = Self.twoDigits(bytes, 17), second < 60
        else { return nil }
        secondsSinceEpoch = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    private static func twoDigits(_ bytes: [UInt8], _ at: Int) -> Int? {
        let zero = UInt8(ascii: "0")
        guard (zero...zero + 9).contains(bytes[at]), (zero...zero + 9).contains(bytes[at + 1]) else { return nil }
        return Int(bytes[at] - zero) * 10 + Int(bytes[at + 1] - zero)
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
        self.init(bytes: ArraySlice(text.utf8))
    }

    init?(bytes: ArraySlice<UInt8>) {
        let b = Array(bytes)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        var fields: [Int] = []
        for range in [0..<4, 5..<7, 8..<10] {
            var value = 0
            for byte in b[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            fields.append(value)
        }
        self.init(year: fields[0], month: fields[1], day: fields[2])
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
