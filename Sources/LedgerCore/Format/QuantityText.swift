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

enum QuantityText {
    /// `23 家` → (23, 家): a finite number, then a non-empty unit.
    static func parse(_ text: String) throws(RecordError) -> (Double, String) {
        let body = trimmed(text[...])
        let number = body.prefix { "0123456789.-+eE".contains($0) }
        guard let value = Double(number), value.isFinite else { throw RecordError(.invalidValue, "\"\(text)\" does not start with a number") }
        let unit = trimmed(body.dropFirst(number.count))
        guard !unit.isEmpty else { throw RecordError(.invalidValue, "\"\(text)\" has no unit (write e.g. '23 家')") }
        return (value, unit)
    }

    static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
