import LedgerCore
import Testing

@Suite("Canonical strings and key order")
struct CanonicalJSONStringTests {
    @Test("Chinese text survives byte for byte and is not escaped")
    func chineseIsRaw() throws {
        let input = #"{"牵头":"商务粮食局"}"#
        let value = try JSONValue.parse(input)
        #expect(value["牵头"] == "商务粮食局")
        #expect(value.canonicalBytes == Array(input.utf8))
        #expect(!value.canonicalString.contains("\\u"))
    }

    @Test(
        "Characters JCS leaves alone are emitted raw",
        arguments: [
            ("\u{2028}", "\"\u{2028}\""),
            ("\u{2029}", "\"\u{2029}\""),
            ("a/b", #""a/b""#),
            ("</script>", #""</script>""#),
            ("\u{7F}", "\"\u{7F}\""),
            ("é", "\"é\""),
            ("😂", "\"😂\""),
            ("'", #""'""#),
        ])
    func rawCharacters(string: String, expected: String) throws {
        #expect(JSONValue.string(string).canonicalString == expected)
        let escaped = string.unicodeScalars.map {
            "\\u" + String(repeating: "0", count: max(0, 4 - String($0.value, radix: 16).count)) + String($0.value, radix: 16)
        }
        // The escaped spelling of the same scalars (non-BMP written as one \u is not valid JSON, so BMP only).
        if string.unicodeScalars.allSatisfy({ $0.value < 0x10000 }) {
            let parsed = try JSONValue.parse("\"" + escaped.joined() + "\"")
            #expect(parsed.canonicalString == expected)
        }
    }

    @Test(
        "Controls and the two specials get the minimal JCS escapes",
        arguments: [
            ("\u{8}", #""\b""#), ("\t", #""\t""#), ("\n", #""\n""#), ("\u{C}", #""\f""#), ("\r", #""\r""#),
            ("\"", #""\"""#), ("\\", #""\\""#), ("\u{0}", #""\u0000""#), ("\u{1}", #""\u0001""#),
            ("\u{B}", #""\u000b""#), ("\u{1F}", #""\u001f""#), ("\u{1A}x", #""\u001ax""#),
            ("a\"b\\c\u{1F}d", #""a\"b\\c\u001fd""#),
        ])
    func escapes(string: String, expected: String) throws {
        #expect(JSONValue.string(string).canonicalString == expected)
        #expect(try JSONValue.parse(expected) == .string(string))
    }

    @Test("Object keys sort by UTF-16 code units, not by code points or bytes")
    func utf16KeyOrder() {
        // U+FB33 (one UTF-16 unit 0xFB33) sorts after U+1F602 (surrogates 0xD83D 0xDE02),
        // although its code point and UTF-8 bytes are smaller.
        let value: JSONValue = ["\u{FB33}": 1, "😂": 2, "\u{E000}": 3, "𐀀": 4, "z": 5, "": 6, "é": 7]
        #expect(value.canonicalString == #"{"":6,"z":5,"é":7,"𐀀":4,"😂":2,"\#u{E000}":3,"\#u{FB33}":1}"#)
    }

    static let keySamples: [String] = [
        "", "a", "ab", "b", "A", "Z", "0", "10", "1", "é", "e\u{301}x", "ê", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}",
        "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{FFFD}", "\u{10000}", "\u{10FFFF}", "😂", "😂a", "\u{FB33}", "商", "商务",
        "a\u{FFFF}", "a\u{10000}", "a\u{E000}b", "a😂", "\u{E000}\u{10000}", "\u{10000}\u{E000}",
    ]

    @Test("The key comparator agrees with lexicographic UTF-16 comparison on every pair of samples")
    func keyComparatorMatchesUTF16() {
        for lhs in Self.keySamples {
            for rhs in Self.keySamples {
                let expected = Array(lhs.utf16).lexicographicallyPrecedes(Array(rhs.utf16))
                #expect(JSONKeyOrder.precedes(lhs, rhs) == expected, "\(Array(lhs.unicodeScalars)) vs \(Array(rhs.unicodeScalars))")
            }
        }
    }

    @Test("The key comparator agrees with UTF-16 order on random strings")
    func keyComparatorRandom() {
        var generator = SplitMix64(seed: 0x5EED)
        let pool: [Unicode.Scalar] = [
            "a", "b", "\u{7F}", "\u{E9}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}",
            "\u{10000}", "\u{1F602}", "\u{10FFFF}", "\u{5546}",
        ]
        func randomString() -> String {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                scalars.append(pool.randomElement(using: &generator)!)
            }
            return String(scalars)
        }
        for _ in 0..<5_000 {
            let lhs = randomString(), rhs = randomString()
            #expect(JSONKeyOrder.precedes(lhs, rhs) == Array(lhs.utf16).lexicographicallyPrecedes(Array(rhs.utf16)))
        }
    }

    @Test("Keys that differ only in Unicode normalisation are rejected as duplicates, not merged")
    func normalisationEquivalentKeys() {
        // Swift's String equality treats these as one key; the parser refuses rather than guess.
        #expect(throws: JSONError.self) { try JSONValue.parse(#"{"\u00e9":1,"e\u0301":2}"#) }
    }

    @Test("Unnormalised text is preserved, not normalised, in canonical output")
    func noNormalisation() throws {
        let value = try JSONValue.parse(#"["A\u030a","\u00c5"]"#)
        #expect(value.canonicalBytes == [0x5B, 0x22, 0x41, 0xCC, 0x8A, 0x22, 0x2C, 0x22, 0xC3, 0x85, 0x22, 0x5D])
    }
}
