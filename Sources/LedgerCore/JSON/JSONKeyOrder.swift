/// The RFC 8785 member order: keys compared as sequences of UTF-16 code units.
public enum JSONKeyOrder {
    /// Whether `lhs` sorts before `rhs` when both are compared by their UTF-16 code units.
    ///
    /// Compares UTF-8 bytes instead, which is cheaper and agrees with UTF-16 order everywhere
    /// except one place: UTF-8 (like code points) puts U+E000–U+FFFF before supplementary
    /// characters, while UTF-16 puts them after, because surrogates (0xD800–0xDFFF) are smaller
    /// than 0xE000. Up to the first differing byte both keys share their characters, so that byte
    /// is either a continuation byte under the same lead byte (where the orders agree) or a lead
    /// byte in both; lead bytes 0xEE–0xEF against 0xF0–0xF4 are the only pair that needs flipping.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case let (a?, b?):
                guard a != b else { continue }
                if a >= 0xF0, b == 0xEE || b == 0xEF { return true }
                if b >= 0xF0, a == 0xEE || a == 0xEF { return false }
                return a < b
            }
        }
    }
}
