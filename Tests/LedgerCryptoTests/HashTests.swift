import Foundation
import LedgerCrypto
import Testing

/// One GB/T 32905 SM3 example.
struct SM3Vector: Decodable, Sendable, CustomTestStringConvertible {
    let message_ascii: String
    let digest_hex: String
    var testDescription: String { "SM3(\"\(message_ascii.prefix(12))…\")" }
}

private struct SM3File: Decodable {
    let cases: [SM3Vector]
}

private let sm3Vectors: [SM3Vector] = (try? TestSupport.fixture("gbt32905.json", as: SM3File.self).cases) ?? []

@Suite("Hashing")
struct HashTests {
    @Test("the GB/T 32905 fixture is present")
    func fixtureLoads() {
        #expect(sm3Vectors.count == 2)
    }

    @Test("SM3 one-shot hash matches the GB/T 32905 examples", arguments: sm3Vectors)
    func sm3OneShot(vector: SM3Vector) {
        let digest = Suite.sm2sm3.hash(Array(vector.message_ascii.utf8))
        #expect(digest.hex == vector.digest_hex)
        let viaBuffer = Array(vector.message_ascii.utf8).withUnsafeBytes { Suite.sm2sm3.hash($0) }
        #expect(viaBuffer.hex == vector.digest_hex)
    }

    @Test("SM3 streaming hash fed in uneven pieces matches the GB/T 32905 examples", arguments: sm3Vectors)
    func sm3Streaming(vector: SM3Vector) {
        let message = Array(vector.message_ascii.utf8)
        for pieceSize in [1, 3, 7, 64, 1000] {
            var hasher = DigestStream(suite: .sm2sm3)
            var index = 0
            while index < message.count {
                let end = min(index + pieceSize, message.count)
                if pieceSize == 3 {
                    message[index..<end].withUnsafeBytes { hasher.update($0) }
                } else {
                    hasher.update(Array(message[index..<end]))
                }
                index = end
            }
            hasher.update([])
            #expect(hasher.finalize().hex == vector.digest_hex, "piece size \(pieceSize)")
        }
    }

    @Test("SHA-256 of \"abc\" is the FIPS 180-2 known answer, one-shot and streaming")
    func sha256KnownAnswer() {
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(Suite.ed25519sha256.hash(Array("abc".utf8)).hex == expected)
        var hasher = DigestStream(suite: .ed25519sha256)
        hasher.update(Array("a".utf8))
        hasher.update(Array("bc".utf8))
        #expect(hasher.finalize().hex == expected)
    }

    @Test("hashes of the empty input match known answers")
    func emptyInput() {
        #expect(
            Suite.ed25519sha256.hash([]).hex
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            Suite.sm2sm3.hash([]).hex
                == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b")
        #expect(DigestStream(suite: .sm2sm3).finalize() == Suite.sm2sm3.hash([]))
    }

    @Test("hash agrees with `openssl dgst` on random data for both suites", arguments: Suite.allCases)
    func agreesWithCLI(suite: Suite) throws {
        try TestSupport.withTemporaryDirectory { directory in
            let data = TestSupport.randomBytes(100_003)
            try TestSupport.write(data, to: directory.appendingPathComponent("data"))
            let result = try TestSupport.opensslSucceeding(
                ["dgst", "-\(suite.hashName)", "-binary", "data"], in: directory
            )
            #expect(suite.hash(data) == [UInt8](result.stdout))
        }
    }

    @Test("suite names, hash names and Codable raw values are stable")
    func suiteNames() throws {
        #expect(Suite.sm2sm3.rawValue == "sm2-sm3")
        #expect(Suite.ed25519sha256.rawValue == "ed25519-sha256")
        #expect(Suite.sm2sm3.hashName == "sm3")
        #expect(Suite.ed25519sha256.hashName == "sha256")
        let encoded = try JSONEncoder().encode(Suite.allCases)
        #expect(String(decoding: encoded, as: UTF8.self) == #"["sm2-sm3","ed25519-sha256"]"#)
        #expect(try JSONDecoder().decode([Suite].self, from: encoded) == Suite.allCases)
    }
}
