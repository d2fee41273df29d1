import Foundation
import LedgerCore
import Testing

@Suite("ECMAScript number formatting")
struct CanonicalJSONNumberTests {
    /// Values and the strings ECMAScript's `String(value)` gives for them.
    static let table: [(Double, String)] = [
        (0, "0"),
        (-0.0, "0"),
        (1, "1"),
        (-1, "-1"),
        (0.5, "0.5"),
        (-0.5, "-0.5"),
        (1e21, "1e+21"),
        (-1e21, "-1e+21"),
        (1e-7, "1e-7"),
        (123e-20, "1.23e-18"),
        (1e-6, "0.000001"),
        (0.000001, "0.000001"),
        (0.0000012345, "0.0000012345"),
        (333333333.33333329, "333333333.3333333"),
        (9007199254740992, "9007199254740992"),
        (9007199254740994, "9007199254740994"),
        (.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (4.5, "4.5"),
        (4.50, "4.5"),
        (2e-3, "0.002"),
        (1e30, "1e+30"),
        (1e-27, "1e-27"),
        (100, "100"),
        (1e20, "100000000000000000000"),
        (1.2345678901234568e20, "123456789012345680000"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e16, "10000000000000000"),
        (1.5e300, "1.5e+300"),
        (0.1, "0.1"),
        (-1.25e-10, "-1.25e-10"),
        (56, "56"),
        (1_700_000_000_123, "1700000000123"),
    ]

    @Test("Numbers format as ECMAScript Number.prototype.toString does", arguments: table)
    func formatsLikeECMAScript(value: Double, expected: String) {
        #expect(JSONValue.canonicalNumber(value) == expected)
        #expect(JSONValue.number(value).canonicalString == expected)
    }

    /// RFC 8785 appendix B: IEEE 754 bit patterns and their required serialisation.
    static let appendixB: [(UInt64, String)] = [
        (0x0000000000000000, "0"),
        (0x8000000000000000, "0"),
        (0x0000000000000001, "5e-324"),
        (0x8000000000000001, "-5e-324"),
        (0x7fefffffffffffff, "1.7976931348623157e+308"),
        (0xffefffffffffffff, "-1.7976931348623157e+308"),
        (0x4340000000000000, "9007199254740992"),
        (0xc340000000000000, "-9007199254740992"),
        (0x4430000000000000, "295147905179352830000"),
        (0x44b52d02c7e14af5, "9.999999999999997e+22"),
        (0x44b52d02c7e14af6, "1e+23"),
        (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
        (0x444b1ae4d6e2ef4e, "999999999999999700000"),
        (0x444b1ae4d6e2ef4f, "999999999999999900000"),
        (0x444b1ae4d6e2ef50, "1e+21"),
        (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
        (0x3eb0c6f7a0b5ed8d, "0.000001"),
        (0x41b3de4355555553, "333333333.3333332"),
        (0x41b3de4355555554, "333333333.33333325"),
        (0x41b3de4355555555, "333333333.3333333"),
        (0x41b3de4355555556, "333333333.3333334"),
        (0x41b3de4355555557, "333333333.33333343"),
        (0xbecbf647612f3696, "-0.0000033333333333333333"),
        (0x43143ff3c1cb0959, "1424953923781206.2"),
    ]

    @Test("RFC 8785 appendix B bit patterns serialise as the RFC requires", arguments: appendixB)
    func appendixBPattern(bits: UInt64, expected: String) throws {
        let value = Double(bitPattern: bits)
        #expect(JSONValue.canonicalNumber(value) == expected)
        // The serialised text must read back to the very same double (except -0, which JCS folds).
        let reparsed = try #require(try JSONValue.parse(expected).numberValue)
        #expect(reparsed == value)
    }

    @Test("Hundreds of doubles recorded from Node's String(number) format identically")
    func recordedECMAScriptOutputs() throws {
        let text = String(decoding: try JSONFixtures.bytes("numbers/es-number-tostring.txt"), as: UTF8.self)
        var checked = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let bits = try #require(UInt64(fields[0], radix: 16))
            let value = Double(bitPattern: bits)
            #expect(JSONValue.canonicalNumber(value) == String(fields[1]), "bits \(fields[0])")
            let parsed = try JSONValue.parse(String(fields[1]))
            #expect(parsed.numberValue?.bitPattern == (value == 0 ? 0 : bits), "parse of \(fields[1])")
            checked += 1
        }
        #expect(checked > 900)
    }

    /// Textual inputs and the double a correctly rounded parser must produce.
    static let parseTable: [(String, Double)] = [
        ("0", 0), ("-0", -0.0), ("1", 1), ("-1", -1), ("1.0", 1), ("1E2", 100), ("1e+2", 100),
        ("1.5e-3", 0.0015), ("0.1", 0.1), ("123456789012345678901234567890", 1.2345678901234568e29),
        ("9007199254740993", 9007199254740992), ("2.2250738585072014e-308", 2.2250738585072014e-308),
        ("4.9e-324", .leastNonzeroMagnitude), ("5e-324", .leastNonzeroMagnitude), ("1.7976931348623157e308", .greatestFiniteMagnitude),
        ("0.30000000000000004", 0.1 + 0.2), ("1e22", 1e22), ("1e23", 1e23), ("1e-22", 1e-22),
        ("0.000000000000000000000000001", 1e-27), ("333333333.33333329", 333333333.33333329),
        ("1e-400", 0), ("0e999999999", 0),
    ]

    @Test("Number text parses to the correctly rounded double", arguments: parseTable)
    func parsesNumbers(text: String, expected: Double) throws {
        let value = try #require(try JSONValue.parse(text).numberValue)
        #expect(value.bitPattern == expected.bitPattern)
    }
}
