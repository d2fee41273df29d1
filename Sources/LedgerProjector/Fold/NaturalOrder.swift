/// The one order of task ids, section ids and plan scopes, used by the state and by every report:
/// the way people number things, `1.2` before `1.10`, `9a` before `10`.
///
/// The rule:
/// 1. Read each id as a sequence of pieces: runs of ASCII digits, and single other characters.
///    Compare the two sequences piece by piece; the first difference decides. Two digit runs compare
///    by numeric value (leading zeros do not count); any other pair compares by Unicode scalar value,
///    a digit run counting as its first digit. An id that is a prefix of the other under this
///    comparison sorts first (`1` before `1.1`).
/// 2. Ids that still tie differ only in leading zeros (`1.1` and `1.01`). Then the first digit run
///    whose length differs decides, shorter first: `1.1` before `1.01`, `2` before `02`. Leading zeros
///    only break ties: `01.2` sorts before `1.10`, because 2 < 10 decides first.
///
/// Distinct ids never tie, so the order is total: sorting never depends on the order ids came in.
public enum NaturalOrder {
    /// Whether `a` sorts before `b`; usable directly as `sorted(by: NaturalOrder.precedes)`.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var i = 0, j = 0
        // Step 2's answer, from the first pair of equal-valued digit runs of different lengths.
        var shorterRunFirst: Bool?
        while i < x.count, j < y.count {
            if isDigit(x[i]), isDigit(y[j]) {
                let (runX, endX) = digitRun(x, from: i)
                let (runY, endY) = digitRun(y, from: j)
                if runX.count != runY.count { return runX.count < runY.count }
                if runX != runY { return runX.lexicographicallyPrecedes(runY) }
                if shorterRunFirst == nil, endX - i != endY - j { shorterRunFirst = endX - i < endY - j }
                i = endX
                j = endY
            } else {
                if x[i] != y[j] { return x[i].value < y[j].value }
                i += 1
                j += 1
            }
        }
        if i < x.count || j < y.count { return i == x.count }
        return shorterRunFirst ?? false
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
