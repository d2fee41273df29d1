/// The tool's rule for text it is about to sign or seal: no control characters.
///
/// An input rule of the tool, not of the format (FORMAT.md lets a string hold any scalar, escaped, and a
/// verifier accepts what was sealed): a NUL, an escape sequence or a C1 control in a name or a note is a
/// mistake or an attack on whoever reads a report, never something a department means to sign. Refused
/// everywhere: U+0000–U+001F, U+007F and U+0080–U+009F, except that free text of several lines (`note`,
/// `reason`) may hold a tab (U+0009) and a line feed (U+000A).
public enum InputText {
    /// The fields whose text may run over several lines.
    public static let multiLineFields: Set<String> = ["note", "reason"]

    /// Why `text` is refused, or nil when it is acceptable.
    public static func problem(in text: String, multiLine: Bool) -> String? {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            guard v < 0x20 || (0x7F...0x9F).contains(v) else { continue }
            if multiLine && (v == 0x09 || v == 0x0A) { continue }
            let hex = String(v, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
            return "contains the control character \(code)"
                + (multiLine ? " (only a tab and a line feed may appear in free text)" : " (control characters are refused in text that is signed)")
        }
        return nil
    }

    /// Checks every string in `value` (and every member name), naming the first offending field by its
    /// path under `path`.
    /// - Throws: `RecordError(.invalidValue)` with that field.
    public static func check(_ value: JSONValue, path: String?) throws(RecordError) {
        try check(value, path: path, name: nil)
    }

    private static func check(_ value: JSONValue, path: String?, name: String?) throws(RecordError) {
        switch value {
        case .string(let text):
            if let why = problem(in: text, multiLine: name.map { multiLineFields.contains($0) } ?? false) {
                throw RecordError(.invalidValue, field: path, why)
            }
        case .array(let items):
            for (i, item) in items.enumerated() { try check(item, path: "\(path ?? "")[\(i)]", name: name) }
        case .object(let members):
            for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let field = path.map { "\($0).\(key)" } ?? key
                if let why = problem(in: key, multiLine: false) { throw RecordError(.invalidValue, field: field, "member name " + why) }
                try check(members[key]!, path: field, name: key)
            }
        default:
            break
        }
    }
}
