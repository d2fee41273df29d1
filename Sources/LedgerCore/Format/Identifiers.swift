import Foundation

/// The spelling rules for the identifiers the format uses, in one place so the spec and the code agree.
public enum Identifier {
    /// A ledger id: `^[a-z0-9][a-z0-9.-]{2,63}$`, e.g. `pingjiang-2023`.
    public static func isLedgerID(_ s: String) -> Bool {
        matches(s, first: lowerOrDigit, rest: { lowerOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }, length: 3...64)
    }

    /// A department code: `^[A-Z][A-Z0-9]{1,15}$`, e.g. `SWLSJ` (商务粮食局).
    public static func isDepartmentCode(_ s: String) -> Bool {
        matches(s, first: upper, rest: { upper($0) || digit($0) }, length: 2...16)
    }

    /// A task id: `^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$`, e.g. `1.6`.
    public static func isTaskID(_ s: String) -> Bool {
        let alnum: (UInt8) -> Bool = { upper($0) || lowerOrDigit($0) }
        return matches(s, first: alnum, rest: { alnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }, length: 1...32)
    }

    /// A statement id: 32 lowercase hexadecimal digits (128 random bits).
    public static func isStatementID(_ s: String) -> Bool { Hex.isLowercase(s, byteCount: 16) }

    /// A key id or record hash: 64 lowercase hexadecimal digits.
    public static func isDigest(_ s: String) -> Bool { Hex.isLowercase(s, byteCount: 32) }

    /// A fresh random statement id from the system's CSPRNG.
    public static func newStatementID() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    private static func lowerOrDigit(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7a) || digit(b) }
    private static func upper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5a }
    private static func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func matches(_ s: String, first: (UInt8) -> Bool, rest: (UInt8) -> Bool, length: ClosedRange<Int>) -> Bool {
        let bytes = s.utf8
        guard length.contains(bytes.count), let head = bytes.first, first(head) else { return false }
        return bytes.dropFirst().allSatisfy(rest)
    }
}

/// Lowercase hexadecimal, the only spelling the format accepts for digests and ids.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`, spelled straight into the string's storage.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            var i = 0
            for b in bytes {
                out[i] = digits[Int(b >> 4)]
                out[i + 1] = digits[Int(b & 0x0f)]
                i += 2
            }
            return i
        }
    }

    /// Decodes lowercase hex; nil for uppercase, odd length or other characters.
    public static func decode(_ s: String) -> [UInt8]? {
        let utf8 = Array(s.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    static func isLowercase(_ s: String, byteCount: Int) -> Bool {
        guard s.utf8.count == byteCount * 2 else { return false }
        // Read in place (a native string is contiguous UTF-8); a copy only for one that is not.
        return s.utf8.withContiguousStorageIfAvailable { utf8 in
            // `nibble`'s alphabet, as two range checks per byte and no early exit: this runs on four ids
            // of every record.
            nibbleValues.withUnsafeBufferPointer { table in
                var outside: UInt8 = 0
                for b in utf8 { outside |= table[Int(b)] }
                return outside & 0x80 == 0
            }
        } ?? s.utf8.allSatisfy { nibble($0) != nil }
    }

    /// Each byte's value as a lowercase hex digit (``nibble(_:)``), or 0x80 for a byte that is none.
    static let nibbleValues: [UInt8] = (0...255).map { nibble(UInt8($0)) ?? 0x80 }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

/// Standard base64 with padding (RFC 4648 section 4), one spelling per byte string.
public enum Base64 {
    /// Encodes with padding and no line breaks.
    public static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Decodes only the canonical spelling: padded, no whitespace, unused bits zero.
    ///
    /// That is: the string is ``encode(_:)`` of some bytes. Decoded here in one pass (it runs twice per
    /// record); ``referenceDecode(_:)``, Foundation's decoder and a re-encoding, is the definition the
    /// tests compare it with.
    public static func decode(_ s: String) -> [UInt8]? {
        var s = s
        return s.withUTF8 { decode(utf8: $0) }
    }

    /// ``decode(_:)`` of the string whose UTF-8 is `utf8`.
    static func decode(utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = utf8.count
        guard n % 4 == 0 else { return nil }
        guard n > 0 else { return [] }
        let padding = utf8[n - 1] == UInt8(ascii: "=") ? (utf8[n - 2] == UInt8(ascii: "=") ? 2 : 1) : 0
        let count = n / 4 * 3 - padding
        var valid = true
        let out = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            sextets.withUnsafeBufferPointer { table in
                var i = 0, o = 0
                // Whole groups, then the last (possibly padded) one.
                while i < n - 4 {
                    let a = table[Int(utf8[i])], b = table[Int(utf8[i + 1])], c = table[Int(utf8[i + 2])], d = table[Int(utf8[i + 3])]
                    if (a | b | c | d) & 0x80 != 0 { valid = false }
                    out[o] = a << 2 | b >> 4
                    out[o + 1] = b << 4 | c >> 2
                    out[o + 2] = c << 6 | d
                    i += 4
                    o += 3
                }
                let a = table[Int(utf8[i])], b = table[Int(utf8[i + 1])]
                let c = padding == 2 ? 0 : table[Int(utf8[i + 2])], d = padding >= 1 ? 0 : table[Int(utf8[i + 3])]
                if (a | b | c | d) & 0x80 != 0 { valid = false }
                // The bits the padding leaves unused must be zero, or two strings would spell the same bytes.
                if padding == 2 && b & 0x0F != 0 || padding == 1 && c & 0x03 != 0 { valid = false }
                out[o] = a << 2 | b >> 4
                if padding < 2 { out[o + 1] = b << 4 | c >> 2 }
                if padding < 1 { out[o + 2] = c << 6 | d }
                initialized = count
            }
        }
        return valid ? out : nil
    }

    /// Each byte's 6-bit value, or 0x80 for a byte outside the alphabet (`=` included: padding is handled apart).
    private static let sextets: [UInt8] = (0..<256).map { c in
        switch UInt8(c) {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt8(c) - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt8(c) - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(c) - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: 0x80
        }
    }

    /// The definition of ``decode(_:)``: what Foundation decodes and re-encodes to the same string.
    static func referenceDecode(_ s: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: s) else { return nil }
        let bytes = [UInt8](data)
        return encode(bytes) == s ? bytes : nil
    }
}
