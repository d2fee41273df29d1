extension JSONParser {
    /// Parses the string whose opening quote is at `index`.
    ///
    /// The common string has no escapes, so it is validated in place and decoded in one go;
    /// only a backslash diverts to the copying path.
    mutating func parseString() throws(JSONError) -> String {
        let open = index
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return string
            } else if byte == UInt8(ascii: "\\") {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                return try parseEscapedString(open: open)
            } else if byte < 0x20 {
                throw controlCharacter(byte)
            } else if byte < 0x80 {
                index += 1
            } else {
                index = try validateUTF8Sequence(at: index)
            }
        }
        throw JSONError(offset: open, reason: "unterminated string")
    }

    /// Continues a string from its first backslash, decoding into `scratch`.
    private mutating func parseEscapedString(open: Int) throws(JSONError) -> String {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                try parseEscape()
            } else if byte < 0x20 {
                throw controlCharacter(byte)
            } else if byte < 0x80 {
                scratch.append(byte)
                index += 1
            } else {
                let end = try validateUTF8Sequence(at: index)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
            }
        }
        throw JSONError(offset: open, reason: "unterminated string")
    }

    private mutating func parseEscape() throws(JSONError) {
        let backslash = index
        guard index + 1 < bytes.count else {
            throw JSONError(offset: backslash, reason: "unterminated escape")
        }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHexQuad(escapeAt: backslash)
            let scalar: UInt32
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate is only meaningful as the first half of an escaped pair.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw loneSurrogate(unit, at: backslash) }
                let secondBackslash = index
                index += 2
                let low = try parseHexQuad(escapeAt: secondBackslash)
                guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(unit, at: backslash) }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            case 0xDC00...0xDFFF:
                throw loneSurrogate(unit, at: backslash)
            default:
                scalar = UInt32(unit)
            }
            appendUTF8(scalar)
        default:
            throw JSONError(offset: backslash, reason: "invalid escape '\\\(Character(Unicode.Scalar(letter)))'")
        }
    }

    /// Reads the four hex digits after `\u` at `index`.
    private mutating func parseHexQuad(escapeAt backslash: Int) throws(JSONError) -> UInt16 {
        guard index + 4 <= bytes.count else {
            throw JSONError(offset: backslash, reason: "invalid \\u escape, expected four hex digits")
        }
        var unit: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte &- UInt8(ascii: "A") &+ 10
            default: throw JSONError(offset: backslash, reason: "invalid \\u escape, expected four hex digits")
            }
            unit = unit << 4 | UInt16(nibble)
        }
        index += 4
        return unit
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Checks the multi-byte sequence starting at `start` against RFC 3629 and returns its end.
    ///
    /// The second-byte ranges are what exclude overlong forms, UTF-16 surrogates and code points
    /// above U+10FFFF; `String(decoding:)` would otherwise replace such bytes silently.
    private func validateUTF8Sequence(at start: Int) throws(JSONError) -> Int {
        let lead = bytes[start]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw JSONError(offset: start, reason: "invalid UTF-8")
        }
        guard start + length <= bytes.count else {
            throw JSONError(offset: start, reason: "invalid UTF-8 (truncated sequence)")
        }
        guard secondRange.contains(bytes[start + 1]) else {
            if lead == 0xED, bytes[start + 1] >= 0xA0, bytes[start + 1] <= 0xBF {
                throw JSONError(offset: start, reason: "invalid UTF-8 (encoded lone surrogate)")
            }
            throw JSONError(offset: start, reason: "invalid UTF-8")
        }
        for offset in 2..<length where bytes[start + offset] & 0xC0 != 0x80 {
            throw JSONError(offset: start, reason: "invalid UTF-8")
        }
        return start + length
    }

    private func controlCharacter(_ byte: UInt8) -> JSONError {
        JSONError(offset: index, reason: "unescaped control character U+\(Self.hex(byte, width: 4, uppercase: true)) in string")
    }

    private func loneSurrogate(_ unit: UInt16, at offset: Int) -> JSONError {
        JSONError(offset: offset, reason: "lone surrogate \\u\(Self.hex(unit, width: 4))")
    }
}
