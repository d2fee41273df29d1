/// Dictionary keys made of text the format compares as Unicode scalars: metric names, units, scopes.
///
/// FORMAT.md compares a target's `metric`, `unit` and `scope` as bytes, and so does an independent
/// projector written from it. Swift's `String` equality and hashing follow canonical equivalence
/// instead: `"豈"` (U+F900, a CJK compatibility ideograph) and `"豈"` (U+8C48) are equal `String`s, so
/// a `[String: …]` keyed by the text itself would join two metrics the format keeps apart. The key is
/// therefore the text's scalar values in hexadecimal, one part after another: ASCII only, so `String`
/// equality on it is byte equality, and still a `String`, so the fold's JSON (what a snapshot stores)
/// keeps only string-keyed objects.
enum ExactKey {
    /// `parts` joined into one key; two calls give the same key exactly when every part has the same
    /// scalars (parts are separated by `/`, which no hexadecimal digit or `.` can be).
    static func of(_ parts: String...) -> String {
        var key = ""
        for (i, part) in parts.enumerated() {
            if i > 0 { key += "/" }
            for (j, scalar) in part.unicodeScalars.enumerated() {
                if j > 0 { key += "." }
                key += String(scalar.value, radix: 16)
            }
        }
        return key
    }
}
