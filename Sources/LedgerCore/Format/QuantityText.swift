/// The one-line spellings people type for metric values and targets, shared by the CLI and batch files.
extension MetricValue {
    /// Parses `METRIC=VALUE UNIT`, e.g. `新增限额以上企业=23 家`.
    /// - Throws: `RecordError(.invalidValue)` saying what is missing; the caller names the field.
    public init(parsing text: String) throws(RecordError) {
        guard let eq = text.lastIndex(of: "=") else { throw RecordError(.invalidValue, "\"\(text)\" is not METRIC=VALUE UNIT") }
        let (value, unit) = try QuantityText.parse(String(text[text.index(after: eq)...]))
        self.init(metric: QuantityText.trimmed(text[..<eq]), value: value, unit: unit)
    }
}

extension Target {
    /// Parses `METRIC>=VALUE UNIT` (comparators `>=`, `>`, `~`, `=`, `<=`), e.g. `新增限额以上企业>=40 家`.
    /// - Throws: `RecordError(.invalidValue)` saying what is missing; the caller names the field.
    public init(parsing text: String) throws(RecordError) {
        guard let at = text.firstIndex(where: { "<>=~".contains($0) }) else {
            throw RecordError(.invalidValue, "\"\(text)\" has no comparator (>=, >, ~, =, <=)")
        }
        let rest = text[at...]
        guard let comparator = [Comparator.atLeast, .atMost, .moreThan, .about, .equal].first(where: { rest.hasPrefix($0.rawValue) }) else {
            throw RecordError(.invalidValue, "\"\(text)\" has an unknown comparator")
        }
        let (value, unit) = try QuantityText.parse(String(rest.dropFirst(comparator.rawValue.count)))
        self.init(metric: QuantityText.trimmed(text[..<at]), value: value, unit: unit, comparator: comparator)
    }
}

/// How people write a number on a command line or in a spreadsheet cell: decimal digits only.
public enum DecimalText {
    /// Parses `-?DIGITS(.DIGITS)?([eE][+-]?DIGITS)?` into a finite double; nil for anything else,
    /// including `nan`, `inf`, hexadecimal (`0x10`), a leading `+` or `.`, and values too large to be finite.
    public static func parse(_ text: some StringProtocol) -> Double? {
        let b = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() > 0 else { return nil }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return nil }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == b.count, let value = Double(String(decoding: b, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}

enum QuantityText {
    /// `23 家` → (23, 家): a finite decimal number, then a non-empty unit.
    static func parse(_ text: String) throws(RecordError) -> (Double, String) {
        let body = trimmed(text[...])
        let number = body.prefix { "0123456789.-+eE".contains($0) }
        guard let value = DecimalText.parse(number) else { throw RecordError(.invalidValue, "\"\(text)\" does not start with a number") }
        let unit = trimmed(body.dropFirst(number.count))
        guard !unit.isEmpty else { throw RecordError(.invalidValue, "\"\(text)\" has no unit (write e.g. '23 家')") }
        return (value, unit)
    }

    static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
