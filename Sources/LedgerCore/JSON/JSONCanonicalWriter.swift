extension JSONValue {
    /// The RFC 8785 (JCS) serialisation of this value as UTF-8 bytes.
    ///
    /// No whitespace; object members sorted by the UTF-16 code units of their keys; strings
    /// escaped minimally (only `"`, `\` and controls below U+0020, the latter as `\b \t \n \f \r`
    /// or lowercase `\u00xx`), everything else raw UTF-8, including `/`, U+2028 and non-ASCII;
    /// numbers as ECMAScript prints them (see ``canonicalNumber(_:)``). No trailing newline.
    ///
    /// Traps if the value holds a non-finite number, which has no JSON form; parsed values never do.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        writeCanonical(into: &out)
        return out
    }

    /// The RFC 8785 serialisation of this value as a string; see ``canonicalBytes``.
    ///
    /// Traps if the value holds a non-finite number.
    public var canonicalString: String {
        String(decoding: canonicalBytes, as: UTF8.self)
    }

    /// Appends the RFC 8785 serialisation of this value to `out`, leaving existing bytes alone.
    ///
    /// Lets a caller serialise many records into one reused buffer without per-record allocation.
    /// Traps if the value holds a non-finite number.
    public func writeCanonical(into out: inout [UInt8]) {
        write(into: &out, allowingNonFinite: false)
    }

    /// The canonical writer, optionally printing non-finite numbers the way ECMAScript's
    /// `String(number)` does, so that `description` never traps while debugging a bad value.
    func write(into out: inout [UInt8], allowingNonFinite: Bool) {
        switch self {
        case .null:
            out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C] as [UInt8])
        case .bool(true):
            out.append(contentsOf: [0x74, 0x72, 0x75, 0x65] as [UInt8])
        case .bool(false):
            out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65] as [UInt8])
        case .number(let number) where allowingNonFinite && !number.isFinite:
            out.append(contentsOf: (number.isNaN ? "NaN" : number < 0 ? "-Infinity" : "Infinity").utf8)
        case .number(let number):
            CanonicalNumberFormatter.append(number, to: &out)
        case .string(let string):
            JSONCanonicalWriter.appendString(string, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                element.write(into: &out, allowingNonFinite: allowingNonFinite)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in members.sorted(by: { JSONKeyOrder.precedes($0.key, $1.key) }) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONCanonicalWriter.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out, allowingNonFinite: allowingNonFinite)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// String escaping for RFC 8785 output.
enum JSONCanonicalWriter {
    /// Appends `string` quoted and minimally escaped.
    ///
    /// Runs of bytes that need no escape are copied in bulk; only `"`, `\` and C0 controls are
    /// rewritten, which is exactly the JCS (and ECMAScript `JSON.stringify`) rule. Swift strings
    /// cannot hold lone surrogates, so the well-formed-surrogate case of ES2019 never arises.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for position in 0..<utf8.count {
                let byte = utf8[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < position {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
                }
                appendEscape(for: byte, to: &out)
                runStart = position + 1
            }
            if runStart < utf8.count {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(for byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x22: out.append(UInt8(ascii: "\""))
        case 0x5C: out.append(UInt8(ascii: "\\"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            out.append(UInt8(ascii: "u"))
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0"))
            out.append(hexDigits.utf8Start[Int(byte >> 4)])
            out.append(hexDigits.utf8Start[Int(byte & 0x0F)])
        }
    }
}
