import ArgumentParser
import LedgerCore

// Option values into the library's types; a value that does not parse is bad input (exit 2), and the
// message names the option.

/// Parses a UTC time argument.
func parseTimestamp(_ text: String, option: String) throws -> Timestamp {
    guard let t = Timestamp(text) else { throw CLIError.input("\(option): \"\(text)\" is not a UTC time written YYYY-MM-DDTHH:MM:SSZ") }
    return t
}

/// Parses a date argument.
func parseDay(_ text: String, option: String) throws -> CalendarDay {
    guard let d = CalendarDay(text), d.description == text else { throw CLIError.input("\(option): \"\(text)\" is not a date written YYYY-MM-DD") }
    return d
}

/// `新增限额以上企业=23 家` → metric, 23, 家.
func parseMetric(_ text: String) throws -> MetricValue {
    do { return try MetricValue(parsing: text) } catch { throw CLIError.input("--metric: \(error.reason)") }
}

/// `新增限额以上企业>=40 家` → metric, >=, 40, 家.
func parseTarget(_ text: String) throws -> Target {
    do { return try Target(parsing: text) } catch { throw CLIError.input("--target: \(error.reason)") }
}

/// A number option (`--percent`, `--tolerance`): decimal digits only, finite (not `nan`, `inf` or `0x10`).
struct DecimalArgument: ExpressibleByArgument, Sendable {
    let value: Double

    init(_ value: Double) { self.value = value }

    init?(argument: String) {
        guard let value = DecimalText.parse(argument) else { return nil }
        self.value = value
    }

    var defaultValueDescription: String { JSONValue.canonicalNumber(value) }
}

/// `2023-06` → the first and the last day of that month.
func parseMonth(_ text: String, option: String) throws -> (first: CalendarDay, last: CalendarDay) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
        let first = CalendarDay(year: year, month: month, day: 1),
        let next = month == 12 ? CalendarDay(year: year + 1, month: 1, day: 1) : CalendarDay(year: year, month: month + 1, day: 1)
    else { throw CLIError.input("\(option): \"\(text)\" is not a month written YYYY-MM") }
    return (first, next.adding(days: -1))
}
