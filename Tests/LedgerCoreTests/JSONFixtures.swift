import Foundation
import Testing

/// Locates test fixtures next to this source file, so the tests need no bundle resources.
enum JSONFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Where the fixtures were copied from, inside the workspace's shared/ folder (see `Workspace`).
    static let sharedJCSPath = "vectors/jcs"

    /// The RFC 8785 test vector names.
    static let jcsVectorNames = ["arrays", "french", "structures", "unicode", "values", "weird"]

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }

    static func jcs(_ name: String, _ suffix: String) throws -> [UInt8] {
        try bytes("jcs/\(name).\(suffix)")
    }

    /// Decodes the vectors' `outhex.txt` format: hex byte pairs separated by spaces and newlines.
    static func decodeHex(_ text: [UInt8]) throws -> [UInt8] {
        let tokens = String(decoding: text, as: UTF8.self).split(whereSeparator: { $0.isWhitespace })
        return try tokens.map { token in try #require(UInt8(token, radix: 16), "bad hex byte \(token)") }
    }
}
