extension JSONValue {
    /// The ECMAScript `Number::toString` text of a finite double, as RFC 8785 §3.2.2.3 requires.
    ///
    /// Shortest digits that round-trip; plain notation for decimal exponents from -6 to 21
    /// (`100`, `0.000001`, `123456789012345680000`), otherwise `d.ddde±x` (`1e+21`, `1e-7`,
    /// `1.7976931348623157e+308`). Negative zero prints as `0`.
    ///
    /// - Precondition: `value.isFinite`; NaN and infinities have no JSON form and trap.
    public static func canonicalNumber(_ value: Double) -> String {
        var out: [UInt8] = []
        CanonicalNumberFormatter.append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// ECMA-262 Number::toString (7.1.12.1) layered on Swift's shortest round-trip digits.
///
/// Swift's `Double.description` already yields the shortest digit string that round-trips, and
/// the closest one when several qualify, which is the digit choice ECMAScript specifies. Only
/// the layout differs, so the digits and decimal exponent are taken from it and re-laid out.
enum CanonicalNumberFormatter {
    static func append(_ value: Double, to out: inout [UInt8]) {
        precondition(value.isFinite, "RFC 8785 has no representation for \(value)")
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        // Every integer below 2^53 prints as its exact digits in ECMAScript, and most ledger
        // numbers are such integers, so they skip the text round-trip.
        if value.magnitude < 9_007_199_254_740_992, value.rounded(.towardZero) == value {
            appendInteger(Int64(value), to: &out)
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var text = value.magnitude.description
        text.withUTF8 { layOut(description: $0, to: &out) }
    }

    private static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            repeat {
                digits[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    /// Re-lays out a positive `Double.description` ("4.5", "100.0", "1e-07", "1.2345e+20").
    private static func layOut(description: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: description.count) { digits in
            // value = 0.d1d2…dk × 10^n, the k and n of ECMA-262 7.1.12.1.
            var k = 0
            var integerDigits = 0
            var seenPoint = false
            var exponent = 0
            var position = 0
            while position < description.count {
                let byte = description[position]
                position += 1
                if byte == UInt8(ascii: ".") {
                    seenPoint = true
                } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                    exponent = parseExponent(description, from: position)
                    break
                } else {
                    if !seenPoint { integerDigits += 1 }
                    if k == 0, byte == UInt8(ascii: "0") {
                        // A leading zero moves the decimal point rather than adding a digit.
                        integerDigits -= 1
                        continue
                    }
                    digits[k] = byte
                    k += 1
                }
            }
            while k > 1, digits[k - 1] == UInt8(ascii: "0") { k -= 1 }
            let n = integerDigits + exponent
            emit(digits: UnsafeBufferPointer(rebasing: digits[..<k]), n: n, to: &out)
        }
    }

    private static func parseExponent(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        var negative = false
        if text[position] == UInt8(ascii: "-") || text[position] == UInt8(ascii: "+") {
            negative = text[position] == UInt8(ascii: "-")
            position += 1
        }
        var exponent = 0
        while position < text.count {
            exponent = exponent * 10 + Int(text[position] &- UInt8(ascii: "0"))
            position += 1
        }
        return negative ? -exponent : exponent
    }

    /// Steps 6–10 of ECMA-262 Number::toString for radix 10.
    private static func emit(digits: UnsafeBufferPointer<UInt8>, n: Int, to out: inout [UInt8]) {
        let k = digits.count
        if k <= n && n <= 21 {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<n]))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[n...]))
        } else if -6 < n && n <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            out.append(contentsOf: digits)
        } else {
            out.append(digits[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[1...]))
            }
            out.append(UInt8(ascii: "e"))
            let e = n - 1
            out.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            appendInteger(Int64(e.magnitude), to: &out)
        }
    }
}
