/// Orders identifiers the way people number things: `1.2` before `1.10`, `2` before `10`.
///
/// Runs of ASCII digits compare by numeric value, everything else by Unicode scalar value; two ids
/// that tie (`1.01` and `1.1`) fall back to plain scalar order, so the order is total and deterministic.
enum NaturalOrder {
    /// Whether `a` sorts before `b`.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var i = 0, j = 0
        while i < x.count, j < y.count {
            if isDigit(x[i]), isDigit(y[j]) {
                let (runX, nextI) = digitRun(x, from: i)
                let (runY, nextJ) = digitRun(y, from: j)
                if runX.count != runY.count { return runX.count < runY.count }
                if runX != runY { return runX.lexicographicallyPrecedes(runY) }
                i = nextI
                j = nextJ
            } else {
                if x[i] != y[j] { return x[i].value < y[j].value }
                i += 1
                j += 1
            }
        }
        if (x.count - i) != (y.count - j) { return x.count - i < y.count - j }
        return x.lexicographicallyPrecedes(y) { $0.value < $1.value }
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    /// The digits of the run starting at `start`, without leading zeros, and the index after the run.
    private static func digitRun(_ s: [Unicode.Scalar], from start: Int) -> ([UInt32], Int) {
        var end = start
        while end < s.count, isDigit(s[end]) { end += 1 }
        var digits = s[start..<end].map(\.value)
        while digits.count > 1, digits.first == 0x30 { digits.removeFirst() }
        return (digits, end)
    }
}
