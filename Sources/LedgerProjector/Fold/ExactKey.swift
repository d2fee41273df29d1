/// Dictionary keys made of text the format compares as Unicode scalars: metric names, units, scopes.
///
/// FORMAT.md compares a target's `metric`, `unit` and `scope` as bytes, and so does an independent
/// projector written from it. Swift's `String` equality and hashing follow canonical equivalence
/// instead: `"豈"` (U+F900, a CJK compatibility ideograph) and `"豈"` (U+8C48) are equal `String`s, so
/// a `[String: …]` keyed by the text itself would join two metrics the format keeps apart. The key is
/// therefore the text's UTF-8 bytes in hexadecimal, one part after another: ASCII only, so `String`
/// equality on it is byte equality, and still a `String`, so the fold's JSON (what a snapshot stores)
/// keeps only string-keyed objects. Replay builds one for every reported metric: one buffer, no
/// per-character formatting.
enum ExactKey {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `parts` joined into one key; two calls give the same key exactly when every part has the same
    /// bytes (parts are separated by `/`, which no hexadecimal digit can be).
    static func of(_ parts: String...) -> String {
        var count = parts.count
        for part in parts { count += 2 * part.utf8.count }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var i = 0
            for part in parts {
                if i > 0 {
                    buffer[i] = UInt8(ascii: "/")
                    i += 1
                }
                for byte in part.utf8 {
                    buffer[i] = digits[Int(byte >> 4)]
                    buffer[i + 1] = digits[Int(byte & 0x0F)]
                    i += 2
                }
            }
            return i
        }
    }
}
