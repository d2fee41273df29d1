import LedgerCore
import Testing

@Suite("Round trips and canonical-form detection")
struct CanonicalJSONRoundTripTests {
    static let values: [JSONValue] = [
        nil, true, false, 0, -1, 0.5, 1e21, 1e-7, 1.7976931348623157e308, -5e-300, "", "plain",
        "牵头 商务粮食局", "\u{0}\u{1F}\"\\/\u{2028}😂", [], [:], [nil, [[]], [:]],
        ["seq": 1, "type": "progress", "payload": ["牵头": "商务粮食局", "ratio": 0.25, "tags": ["a", "b"]]],
        ["\u{FB33}": 1, "😂": 2, "": ["": ""], "a": [1, 2.5, -3e-9, true, nil]],
        ["prev": "sha256:00ff", "sig": ["alg": "ed25519", "value": "AAAA"], "at": 1_700_000_000_123],
    ]

    @Test("Parsing the canonical bytes of a value gives the value back", arguments: values)
    func roundTrip(value: JSONValue) throws {
        let bytes = value.canonicalBytes
        let reparsed = try JSONValue.parse(bytes)
        #expect(reparsed == value)
        #expect(reparsed.canonicalBytes == bytes, "canonicalisation must be idempotent")
    }

    static let nonCanonical: [(String, String)] = [
        (#"{ "a": 1 }"#, #"{"a":1}"#),
        (#"{"b":1,"a":2}"#, #"{"a":2,"b":1}"#),
        (#"{"n":1.0}"#, #"{"n":1}"#),
        (#"{"n":1E2}"#, #"{"n":100}"#),
        (#"{"n":-0}"#, #"{"n":0}"#),
        (#"{"s":"\u0041"}"#, #"{"s":"A"}"#),
        (#"{"s":"\/"}"#, #"{"s":"/"}"#),
        (#"{"s":"\u00e9"}"#, #"{"s":"é"}"#),
        (#"{"s":"\u001F"}"#, #"{"s":"\u001f"}"#),
        (#"{"s":"\u0008"}"#, #"{"s":"\b"}"#),
        ("{\"a\":1}\n", #"{"a":1}"#),
        (#"[1,2 ]"#, #"[1,2]"#),
    ]

    @Test(
        "Non-canonical spellings parse but their canonical bytes differ from the input",
        arguments: nonCanonical)
    func detectsNonCanonicalInput(input: String, canonical: String) throws {
        let value = try JSONValue.parse(input)
        #expect(value.canonicalBytes != Array(input.utf8))
        #expect(value.canonicalString == canonical)
        #expect(try JSONValue.parse(canonical).canonicalBytes == Array(canonical.utf8))
    }

    @Test("A canonical ledger line is its own canonical form")
    func canonicalLineIsFixedPoint() throws {
        let line = #"{"at":1700000000123,"payload":{"ratio":0.25,"牵头":"商务粮食局"},"seq":42,"type":"progress"}"#
        #expect(try JSONValue.parse(line).canonicalBytes == Array(line.utf8))
    }
}
