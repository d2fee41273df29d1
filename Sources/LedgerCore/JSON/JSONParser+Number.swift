extension JSONParser {
    /// Parses the number starting at `index` under RFC 8259's grammar and returns its double.
    ///
    /// The grammar is checked here byte by byte so that the conversion below only ever sees
    /// well-formed input. Short numbers, which are nearly all of a ledger's, are converted
    /// exactly with one IEEE operation (Clinger's fast path); the rest go to the standard
    /// library's correctly rounded conversion.
    mutating func parseNumber() throws(JSONError) -> Double {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }

        var mantissa: UInt64 = 0
        var digitCount = 0

        // Integer part: a single 0, or a non-zero digit followed by digits.
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw JSONError(
                offset: index,
                reason: index < bytes.count
                    ? "unexpected \(Self.describe(bytes[index])), expected a digit"
                    : "unexpected end of input, expected a digit")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw JSONError(offset: start, reason: "leading zero in number")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                accumulate(bytes[index], into: &mantissa, count: &digitCount)
                index += 1
            }
        }

        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw JSONError(offset: index, reason: "expected a digit after the decimal point")
            }
            while index < bytes.count, isDigit(bytes[index]) {
                accumulate(bytes[index], into: &mantissa, count: &digitCount)
                fractionDigits += 1
                index += 1
            }
        }

        var exponent = 0
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw JSONError(offset: index, reason: "expected a digit in the exponent")
            }
            while index < bytes.count, isDigit(bytes[index]) {
                // Saturate: anything this large is out of the fast path's range anyway.
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }

        let value: Double
        if let fast = Self.exactValue(
            mantissa: mantissa, digitCount: digitCount,
            exponent: exponent - fractionDigits)
        {
            value = negative ? -fast : fast
        } else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let converted = Double(text) else {
                throw JSONError(offset: start, reason: "number out of range")
            }
            value = converted
        }
        guard value.isFinite else {
            throw JSONError(offset: start, reason: "number out of range")
        }
        return value
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Adds a digit to the running mantissa, counting it only while the count stays meaningful.
    ///
    /// Leading zeros (as in `0.0005`) do not make a mantissa inexact, so they are not counted.
    private func accumulate(_ byte: UInt8, into mantissa: inout UInt64, count: inout Int) {
        guard count < 19 else { count += 1; return }
        mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
        if mantissa != 0 { count += 1 }
    }

    /// `mantissa × 10^exponent` when one correctly rounded IEEE operation computes it exactly.
    ///
    /// Both operands are then exact doubles (mantissa ≤ 2^53, 10^|exponent| ≤ 10^22), so the single
    /// multiplication or division rounds once, which is what a correctly rounded parser must do.
    private static func exactValue(mantissa: UInt64, digitCount: Int, exponent: Int) -> Double? {
        guard digitCount <= 19, mantissa <= 1 << 53 else { return nil }
        let m = Double(mantissa)
        if mantissa == 0 { return 0 }
        switch exponent {
        case 0: return m
        case 1...22: return m * powersOfTen[exponent]
        case -22 ... -1: return m / powersOfTen[-exponent]
        default: return nil
        }
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
