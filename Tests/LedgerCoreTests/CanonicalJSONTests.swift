import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

@Suite("RFC 8785 test vectors")
struct CanonicalJSONTests {
    @Test(
        "Each RFC 8785 vector canonicalises to exactly its expected output bytes",
        arguments: JSONFixtures.jcsVectorNames)
    func vectorMatchesExpectedOutput(name: String) throws {
        let input = try JSONFixtures.jcs(name, "input.json")
        let expected = try JSONFixtures.jcs(name, "output.json")
        let value = try JSONValue.parse(input)
        #expect(value.canonicalBytes == expected)
        #expect(expected.last != 0x0A, "expected output must not end in a newline")
    }

    @Test(
        "Each RFC 8785 vector's hex dump agrees with its expected output",
        arguments: JSONFixtures.jcsVectorNames)
    func vectorMatchesHexDump(name: String) throws {
        let hex = try JSONFixtures.decodeHex(JSONFixtures.jcs(name, "outhex.txt"))
        let value = try JSONValue.parse(JSONFixtures.jcs(name, "input.json"))
        #expect(value.canonicalBytes == hex)
        #expect(try JSONFixtures.jcs(name, "output.json") == hex)
    }

    @Test(
        "Canonical output of each vector is a fixed point: parsing and re-serialising changes nothing",
        arguments: JSONFixtures.jcsVectorNames)
    func vectorOutputIsFixedPoint(name: String) throws {
        let expected = try JSONFixtures.jcs(name, "output.json")
        #expect(try JSONValue.parse(expected).canonicalBytes == expected)
    }

    @Test(
        "The repository's fixture copies are byte-identical to the shared vectors",
        .readsShared(JSONFixtures.sharedJCSPath), arguments: JSONFixtures.jcsVectorNames)
    func fixturesMatchSharedCopy(name: String) throws {
        for suffix in ["input.json", "output.json", "outhex.txt"] {
            let original = try Data(contentsOf: try Workspace.sharedFile("\(JSONFixtures.sharedJCSPath)/\(name).\(suffix)"))
            #expect(try JSONFixtures.jcs(name, suffix) == [UInt8](original), "\(name).\(suffix)")
        }
    }

    @Test(
        "The shared vectors also canonicalise correctly when read from their original location",
        .readsShared(JSONFixtures.sharedJCSPath), arguments: JSONFixtures.jcsVectorNames)
    func sharedVectorsCanonicalise(name: String) throws {
        let input = try Data(contentsOf: try Workspace.sharedFile("\(JSONFixtures.sharedJCSPath)/\(name).input.json"))
        let output = try Data(contentsOf: try Workspace.sharedFile("\(JSONFixtures.sharedJCSPath)/\(name).output.json"))
        #expect(try JSONValue.parse(input).canonicalBytes == [UInt8](output))
    }

    @Test("writeCanonical appends after existing bytes without disturbing them")
    func writeCanonicalAppends() {
        var buffer: [UInt8] = Array("prefix:".utf8)
        let value: JSONValue = ["b": 2, "a": [true, nil]]
        value.writeCanonical(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix:{"a":[true,null],"b":2}"#)
        #expect(value.canonicalString == #"{"a":[true,null],"b":2}"#)
    }

    @Test("Parsing a non-contiguous collection gives the same value as parsing an array")
    func parsesNonContiguousCollections() throws {
        let text = #"{"seq": 1, "牵头": ["商务粮食局", 2.5]}"#
        let fromArray = try JSONValue.parse(Array(text.utf8))
        let fromString = try JSONValue.parse(text)
        let fromView = try JSONValue.parse(text.utf8)
        let fromSlice = try JSONValue.parse(Array(text.utf8)[...])
        let fromRaw = try Array(text.utf8).withUnsafeBytes { buffer throws(JSONError) in try JSONValue.parse(buffer) }
        let fromDeque = try JSONValue.parse(AnyCollection(text.utf8))
        #expect(fromArray == fromString)
        #expect(fromArray == fromView)
        #expect(fromArray == fromSlice)
        #expect(fromArray == fromRaw)
        #expect(fromArray == fromDeque)
    }

    @Test("Accessors return payloads for the matching case and nil otherwise")
    func accessors() throws {
        let value = try JSONValue.parse(#"{"s":"x","n":3,"f":1.5,"b":false,"a":[1],"o":{},"z":null}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["n"]?.numberValue == 3)
        #expect(value["n"]?.intValue == 3)
        #expect(value["f"]?.intValue == nil)
        #expect(value["b"]?.boolValue == false)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["a"]?[0] == 1)
        #expect(value["a"]?[1] == nil)
        #expect(value["o"]?.objectValue == [:])
        #expect(value["z"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value["s"]?.numberValue == nil)
        #expect(JSONValue.string("x")["s"] == nil)
        #expect(value.objectValue?.count == 7)
    }

    @Test("description shows canonical text and does not trap on non-finite numbers")
    func descriptionIsSafe() {
        let value: JSONValue = ["b": [.number(.nan), .number(.infinity), .number(-.infinity)], "a": "x"]
        #expect(value.description == #"{"a":"x","b":[NaN,Infinity,-Infinity]}"#)
        #expect(JSONValue.number(1).description == "1")
    }

    @Test("Literal syntax builds the expected cases")
    func literals() {
        let value: JSONValue = ["seq": 1, "type": "progress", "ok": true, "ratio": 0.5, "none": nil, "list": [1, "two"]]
        #expect(
            value
                == .object([
                    "seq": .number(1), "type": .string("progress"), "ok": .bool(true), "ratio": .number(0.5),
                    "none": .null, "list": .array([.number(1), .string("two")]),
                ]))
        #expect(value.canonicalString == #"{"list":[1,"two"],"none":null,"ok":true,"ratio":0.5,"seq":1,"type":"progress"}"#)
    }
}
