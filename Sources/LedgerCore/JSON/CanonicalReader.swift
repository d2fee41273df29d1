/// A one-pass reader of RFC 8785 (JCS) text that refuses anything non-canonical as it meets it.
///
/// ``JSONValue/parse(_:)`` followed by a comparison with ``JSONValue/canonicalBytes`` answers the same
/// question in three passes (parse, build a tree, serialise it again). This reader answers it in one: no
/// whitespace is skipped, member names must come in strictly increasing order, escapes must be the
/// minimal ones the writer emits, numbers must be spelled as ECMAScript prints them, UTF-8 must be valid.
///
/// It does not explain refusals: every method returns `nil` (or `false`) on anything it does not accept,
/// and the caller falls back to the reference path (parse, compare, ``ObjectReader``), which says what is
/// wrong and where. It is also deliberately narrower than JCS: member names must be ASCII without
/// escapes (every name this format knows is), so the byte order of names is their UTF-16 order; a name
/// outside that is refused here and judged by the reference path. `CanonicalReaderDifferentialTests`
/// checks that both paths give the same verdict and the same record.
struct CanonicalReader: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    /// Reused for strings with escapes.
    private var scratch: [UInt8] = []
    private var depth = 0

    /// How deeply values may nest before this reader gives up (the reference path has its own limit).
    static let maximumDepth = 32

    init(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    var atEnd: Bool { index == bytes.count }

    /// Consumes `literal` (ASCII) if the bytes at the cursor are exactly it.
    @inline(__always)
    mutating func expect(_ literal: StaticString) -> Bool {
        guard peek(literal) else { return false }
        index += literal.utf8CodeUnitCount
        return true
    }

    /// Whether the bytes at the cursor are `literal`, without consuming them.
    @inline(__always)
    func peek(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard bytes.count - index >= n else { return false }
        // In bounds (checked above), so the bytes are read without a check each.
        let p = literal.utf8Start, q = bytes.baseAddress! + index
        for k in 0..<n where q[k] != p[k] { return false }
        return true
    }

    // MARK: Strings

    /// A canonical string at the cursor: the range of its raw bytes (inside the quotes) and whether it
    /// holds escapes. Checks UTF-8 and minimal escaping.
    mutating func stringSpan() -> (range: Range<Int>, escaped: Bool)? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            // Plain ASCII, the bulk of every string, without a bounds check per byte.
            let base = bytes.baseAddress!, n = bytes.count
            var i = index
            // Eight bytes at a time while none is a control, a quote, a backslash or non-ASCII (the
            // tests below may flag a plain byte too, which only sends the word to the byte loop).
            while n - i >= 8 {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
                let special = (w | (w &- ones &* 0x20) | (quote &- ones & ~quote) | (backslash &- ones & ~backslash)) & highs
                guard special == 0 else { break }
                i += 8
            }
            while i < n {
                let c = base[i]
                guard c >= 0x20, c < 0x80, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\") else { break }
                i += 1
            }
            index = i
            guard index < bytes.count else { break }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let range = start..<index
                index += 1
                return (range, escaped)
            } else if b == UInt8(ascii: "\\") {
                escaped = true
                guard index + 1 < bytes.count else { return nil }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    // Only controls without a short form, as \u00xx in lowercase hex.
                    guard index + 5 < bytes.count, bytes[index + 2] == UInt8(ascii: "0"), bytes[index + 3] == UInt8(ascii: "0"),
                        bytes[index + 4] == UInt8(ascii: "0") || bytes[index + 4] == UInt8(ascii: "1"),
                        let low = Self.lowerHex(bytes[index + 5])
                    else { return nil }
                    let unit = (bytes[index + 4] == UInt8(ascii: "1") ? 16 : 0) + low
                    guard unit != 0x08, unit != 0x09, unit != 0x0A, unit != 0x0C, unit != 0x0D else { return nil }
                    index += 6
                default: return nil
                }
            } else if b < 0x20 {
                return nil
            } else if b < 0x80 {
                index += 1
            } else {
                guard let n = utf8Sequence(at: index) else { return nil }
                index += n
            }
        }
        return nil
    }

    /// A canonical string at the cursor that is canonical padded base64 (``Base64/decode(_:)``), decoded.
    /// A canonical string with an escape holds `"`, `\\` or a control, none of them base64.
    mutating func base64() -> [UInt8]? {
        guard let (range, escaped) = stringSpan(), !escaped else { return nil }
        return Base64.decode(utf8: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// A canonical string at the cursor that is a time (``Timestamp/init(_:)``), read in place. A string
    /// with an escape holds a quote, a backslash or a control, so it is no time.
    mutating func timestamp() -> Timestamp? {
        guard let (range, escaped) = stringSpan(), !escaped else { return nil }
        return Timestamp(utf8: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// A canonical string at the cursor, decoded.
    mutating func string() -> String? {
        guard let (range, escaped) = stringSpan() else { return nil }
        let raw = UnsafeBufferPointer(rebasing: bytes[range])
        guard escaped else { return String(decoding: raw, as: UTF8.self) }
        scratch.removeAll(keepingCapacity: true)
        var k = 0
        while k < raw.count {
            let b = raw[k]
            guard b == UInt8(ascii: "\\") else {
                scratch.append(b)
                k += 1
                continue
            }
            switch raw[k + 1] {
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                scratch.append((raw[k + 4] == UInt8(ascii: "1") ? 16 : 0) + UInt8(Self.lowerHex(raw[k + 5])!))
                k += 6
                continue
            default: scratch.append(raw[k + 1])
            }
            k += 2
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    private static func lowerHex(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(b - UInt8(ascii: "a")) + 10
        default: nil
        }
    }

    /// The length of the valid UTF-8 sequence (2-4 bytes) at `i`: no overlong forms, no surrogates,
    /// nothing above U+10FFFF.
    private func utf8Sequence(at i: Int) -> Int? {
        let b0 = bytes[i]
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < bytes.count && bytes[i + k] >= lo && bytes[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : nil
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : nil
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : nil
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : nil
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : nil
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : nil
        default: return nil
        }
    }

    // MARK: Numbers

    /// A canonically spelled number at the cursor.
    mutating func number() -> Double? {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        var value: Int64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value &* 10 &+ Int64(bytes[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        let negative = bytes[start] == UInt8(ascii: "-")
        let plainInteger = index == bytes.count || (bytes[index] != UInt8(ascii: ".") && bytes[index] | 0x20 != UInt8(ascii: "e"))
        if plainInteger && digits <= 15 {
            // ECMAScript prints such an integer as its digits: no leading zero, no "-0".
            guard bytes[start + (negative ? 1 : 0)] != UInt8(ascii: "0") || (digits == 1 && !negative) else { return nil }
            return Double(negative ? -value : value)
        }
        // Anything else: the reference conversion, then the spelling must be what the writer prints.
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        let span = UnsafeBufferPointer(rebasing: bytes[start..<index])
        guard case .number(let d)? = try? JSONValue.parse(UnsafeRawBufferPointer(span)) else { return nil }
        var spelled: [UInt8] = []
        CanonicalNumberFormatter.append(d, to: &spelled)
        guard spelled.elementsEqual(span) else { return nil }
        return d
    }

    private static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }

    /// A non-negative integer below 2^53 (what ``ObjectReader/integer(_:)`` accepts), canonically spelled.
    mutating func integer() -> Int? {
        guard let d = number(), d >= 0, d < 9_007_199_254_740_992, d.rounded(.towardZero) == d else { return nil }
        return Int(d)
    }

    // MARK: Values

    /// A canonical value of any kind, as a ``JSONValue`` (for the small bodies of events).
    mutating func value() -> JSONValue? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "t"): return expect("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return expect("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return expect("null") ? .null : nil
        default: return number().map { .number($0) }
        }
    }

    /// Checks the canonical value at the cursor and moves past it, building nothing.
    mutating func skipValue() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { return false }
            depth += 1
            defer { depth -= 1 }
            index += 1
            if expect("}") { return true }
            var previous: Range<Int>?
            while true {
                guard let name = memberName(after: previous), skipValue() else { return false }
                previous = name
                if expect("}") { return true }
                guard expect(",") else { return false }
            }
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { return false }
            depth += 1
            defer { depth -= 1 }
            index += 1
            if expect("]") { return true }
            while true {
                guard skipValue() else { return false }
                if expect("]") { return true }
                guard expect(",") else { return false }
            }
        case UInt8(ascii: "\""): return stringSpan() != nil
        case UInt8(ascii: "t"): return expect("true")
        case UInt8(ascii: "f"): return expect("false")
        case UInt8(ascii: "n"): return expect("null")
        default: return number() != nil
        }
    }

    private mutating func array() -> JSONValue? {
        guard depth < Self.maximumDepth else { return nil }
        depth += 1
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        if expect("]") { return .array(elements) }
        while true {
            guard let element = value() else { return nil }
            elements.append(element)
            if expect("]") { return .array(elements) }
            guard expect(",") else { return nil }
        }
    }

    private mutating func object() -> JSONValue? {
        guard depth < Self.maximumDepth else { return nil }
        depth += 1
        defer { depth -= 1 }
        index += 1
        var members: [(String, JSONValue)] = []
        if expect("}") { return .object([:]) }
        var previous: Range<Int>?
        while true {
            guard let name = memberName(after: previous) else { return nil }
            previous = name
            guard let member = value() else { return nil }
            members.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[name]), as: UTF8.self), member))
            if expect("}") { break }
            guard expect(",") else { return nil }
        }
        return .object(Dictionary(uniqueKeysWithValues: members))
    }

    /// A member name and its colon: plain ASCII (no escapes), sorting strictly after `previous`.
    mutating func memberName(after previous: Range<Int>?) -> Range<Int>? {
        guard let (range, escaped) = stringSpan(), !escaped, expect(":") else { return nil }
        for k in range where bytes[k] >= 0x80 { return nil }
        if let previous {
            // ASCII, so byte order is UTF-16 order; strictly increasing also rules out duplicates.
            guard UnsafeBufferPointer(rebasing: bytes[previous]).lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: bytes[range])) else { return nil }
        }
        return range
    }

    /// Consumes `"name":` when the next member is exactly `name`.
    mutating func member(_ name: StaticString) -> Bool {
        let save = index
        guard expect("\"") else { return false }
        guard expect(name), expect("\":") else {
            index = save
            return false
        }
        return true
    }
}
