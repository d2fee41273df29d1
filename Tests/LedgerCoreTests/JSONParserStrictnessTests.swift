import LedgerCore
import Testing

/// A malformed input, where the parser must report it, and a fragment of the reason.
struct MalformedCase: CustomTestStringConvertible, Sendable {
    let label: String
    let bytes: [UInt8]
    let offset: Int
    let reason: String

    init(_ label: String, _ text: String, offset: Int, reason: String) {
        self.init(label, Array(text.utf8), offset: offset, reason: reason)
    }

    init(_ label: String, _ bytes: [UInt8], offset: Int, reason: String) {
        self.label = label
        self.bytes = bytes
        self.offset = offset
        self.reason = reason
    }

    var testDescription: String { label }
}

@Suite("Strict parsing")
struct JSONParserStrictnessTests {
    static let malformed: [MalformedCase] = [
        MalformedCase("duplicate key", #"{"seq":1,"seq":2}"#, offset: 9, reason: #"duplicate key "seq""#),
        MalformedCase("duplicate nested key", #"{"a":{"b":1, "b":1}}"#, offset: 13, reason: "duplicate key"),
        MalformedCase("duplicate key spelled with an escape", #"{"A":1,"\u0041":2}"#, offset: 7, reason: "duplicate key"),
        MalformedCase("trailing comma in array", "[1,2,]", offset: 5, reason: "trailing comma"),
        MalformedCase("trailing comma in object", #"{"a":1,}"#, offset: 7, reason: "trailing comma"),
        MalformedCase("single-quoted string", "['a']", offset: 1, reason: "unexpected character '''"),
        MalformedCase("single-quoted key", "{'a':1}", offset: 1, reason: "expected a string key"),
        MalformedCase("unquoted key", "{a:1}", offset: 1, reason: "unexpected character 'a'"),
        MalformedCase("leading zero", "01", offset: 0, reason: "leading zero"),
        MalformedCase("negative leading zero", "[-01]", offset: 1, reason: "leading zero"),
        MalformedCase("explicit plus sign", "+1", offset: 0, reason: "unexpected character '+'"),
        MalformedCase("missing integer part", ".5", offset: 0, reason: "unexpected character '.'"),
        MalformedCase("missing fraction digits", "1.", offset: 2, reason: "decimal point"),
        MalformedCase("missing fraction digits before exponent", "1.e5", offset: 2, reason: "decimal point"),
        MalformedCase("missing exponent digits", "1e", offset: 2, reason: "exponent"),
        MalformedCase("signed exponent without digits", "[1e+]", offset: 4, reason: "exponent"),
        MalformedCase("lone minus", "-", offset: 1, reason: "expected a digit"),
        MalformedCase("NaN literal", "NaN", offset: 0, reason: "unexpected character 'N'"),
        MalformedCase("Infinity literal", "Infinity", offset: 0, reason: "unexpected character 'I'"),
        MalformedCase("negative Infinity literal", "-Infinity", offset: 1, reason: "expected a digit"),
        MalformedCase("number overflowing a double", "1e400", offset: 0, reason: "number out of range"),
        MalformedCase("long number overflowing a double", "[-2" + String(repeating: "0", count: 308) + "]", offset: 1, reason: "number out of range"),
        MalformedCase("hexadecimal number", "0x10", offset: 1, reason: "trailing data"),
        MalformedCase("unterminated string", #"{"a":"bc"#, offset: 5, reason: "unterminated string"),
        MalformedCase("raw newline in string", "[\"a\nb\"]", offset: 3, reason: "control character U+000A"),
        MalformedCase("raw tab in string", "\"a\tb\"", offset: 2, reason: "control character U+0009"),
        MalformedCase("invalid escape", #""\x41""#, offset: 1, reason: #"invalid escape '\x'"#),
        MalformedCase("short unicode escape", #""\u12""#, offset: 1, reason: #"\u escape"#),
        MalformedCase("non-hex unicode escape", #""\u12G4""#, offset: 1, reason: #"\u escape"#),
        MalformedCase("lone high surrogate", #""\ud800""#, offset: 1, reason: #"lone surrogate \ud800"#),
        MalformedCase("high surrogate followed by text", #""\ud83dx""#, offset: 1, reason: #"lone surrogate \ud83d"#),
        MalformedCase("two high surrogates", #""\ud83d\ud83d""#, offset: 1, reason: "lone surrogate"),
        MalformedCase("lone low surrogate", #""a\uDE02""#, offset: 2, reason: #"lone surrogate \ude02"#),
        MalformedCase("encoded surrogate in UTF-8", [0x22, 0xED, 0xA0, 0x80, 0x22], offset: 1, reason: "invalid UTF-8"),
        MalformedCase("truncated UTF-8 at end of input", [0x22, 0xE5, 0x95], offset: 1, reason: "invalid UTF-8"),
        MalformedCase("truncated UTF-8 before quote", [0x22, 0xE5, 0x95, 0x22], offset: 1, reason: "invalid UTF-8"),
        MalformedCase("overlong NUL (C0 80)", [0x22, 0xC0, 0x80, 0x22], offset: 1, reason: "invalid UTF-8"),
        MalformedCase("overlong three-byte slash", [0x22, 0xE0, 0x80, 0xAF, 0x22], offset: 1, reason: "invalid UTF-8"),
        MalformedCase("code point above U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], offset: 1, reason: "invalid UTF-8"),
        MalformedCase("stray continuation byte", [0x22, 0x61, 0x80, 0x22], offset: 2, reason: "invalid UTF-8"),
        MalformedCase("invalid byte FF", [0x22, 0xFF, 0x22], offset: 1, reason: "invalid UTF-8"),
        MalformedCase("non-ASCII byte outside a string", [0x5B, 0xC3, 0xA9, 0x5D], offset: 1, reason: "byte 0xC3"),
        MalformedCase("bytes after the value", "{} x", offset: 3, reason: "trailing data after value"),
        MalformedCase("two values", "1 2", offset: 2, reason: "trailing data after value"),
        MalformedCase("empty input", "", offset: 0, reason: "unexpected end of input"),
        MalformedCase("whitespace only", " \n", offset: 2, reason: "unexpected end of input"),
        MalformedCase("byte order mark", [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], offset: 0, reason: "byte order mark"),
        MalformedCase("misspelt literal", "[tru]", offset: 1, reason: "expected 'true'"),
        MalformedCase("capitalised literal", "True", offset: 0, reason: "unexpected character 'T'"),
        MalformedCase("missing colon", #"{"a" 1}"#, offset: 5, reason: "expected ':'"),
        MalformedCase("missing comma", "[1 2]", offset: 3, reason: "expected ',' or ']'"),
        MalformedCase("unterminated array", "[1,", offset: 3, reason: "unexpected end of input"),
        MalformedCase("unterminated object", #"{"a":1"#, offset: 0, reason: "unterminated object"),
        MalformedCase("non-JSON whitespace (form feed)", "\u{0C}1", offset: 0, reason: "byte 0x0C"),
        MalformedCase("comment", "[1/*x*/]", offset: 2, reason: "unexpected character '/'"),
        MalformedCase("NUL byte after value", [0x31, 0x00], offset: 1, reason: "trailing data"),
    ]

    @Test("Malformed input is rejected with the offset and reason of the problem", arguments: malformed)
    func rejects(_ sample: MalformedCase) {
        #expect {
            try JSONValue.parse(sample.bytes)
        } throws: { error in
            guard let error = error as? JSONError else { return false }
            return error.offset == sample.offset && error.reason.contains(sample.reason)
        }
        // Every input path reports the same error.
        let viaCollection = Result { () throws(JSONError) in try JSONValue.parse(AnyCollection(sample.bytes)) }
        let viaArray = Result { () throws(JSONError) in try JSONValue.parse(sample.bytes) }
        #expect(viaCollection.failure == viaArray.failure)
        #expect(viaArray.failure != nil)
    }

    @Test("Nesting beyond the depth limit is rejected rather than overflowing the stack")
    func rejectsDeepNesting() throws {
        let tooDeep =
            String(repeating: "[", count: JSONValue.maximumDepth + 1)
            + String(repeating: "]", count: JSONValue.maximumDepth + 1)
        #expect(throws: JSONError.self) { try JSONValue.parse(tooDeep) }
        let hostile = String(repeating: #"{"a":"#, count: 100_000)
        #expect(throws: JSONError.self) { try JSONValue.parse(hostile) }
        let deepest =
            String(repeating: "[", count: JSONValue.maximumDepth)
            + String(repeating: "]", count: JSONValue.maximumDepth)
        let value = try JSONValue.parse(deepest)
        #expect(value.canonicalString == deepest)
    }

    @Test("RFC 8259 whitespace and any top-level value are accepted")
    func acceptsLegalVariations() throws {
        #expect(try JSONValue.parse(" \t\r\n{ \"a\" : [ 1 , 2 ] }\n ") == ["a": [1, 2]])
        #expect(try JSONValue.parse("\"top\"") == "top")
        #expect(try JSONValue.parse("-0.0e-0") == .number(-0.0))
        #expect(try JSONValue.parse("null") == nil)
        #expect(try JSONValue.parse("[]") == [])
        #expect(try JSONValue.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try JSONValue.parse(#""\ud83d\ude02""#) == "😂")
        #expect(try JSONValue.parse(#""\/\b\f\n\r\t\"\\""#) == "/\u{8}\u{C}\n\r\t\"\\")
    }

    @Test("JSONError describes itself with reason and offset")
    func errorDescription() {
        let error = JSONError(offset: 7, reason: "trailing data after value")
        #expect(error.description == "trailing data after value at byte 7")
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
