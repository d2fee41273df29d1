import Foundation
import LedgerCrypto
import Testing

/// One RFC 8032 section 7.1 test.
struct RFC8032Vector: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let secret_seed_hex: String
    let public_key_hex: String
    let message_hex: String
    let signature_hex: String
    var testDescription: String { name }
}

/// One selected Wycheproof Ed25519 verification case.
struct WycheproofVector: Decodable, Sendable, CustomTestStringConvertible {
    let tcId: Int
    let comment: String
    let public_key_hex: String
    let msg_hex: String
    let sig_hex: String
    let result: String
    var testDescription: String { "tcId \(tcId) (\(result)) \(comment)" }
}

private struct VectorFile<Case: Decodable>: Decodable {
    let cases: [Case]
}

private let rfc8032Vectors: [RFC8032Vector] =
    (try? TestSupport.fixture("rfc8032-7.1.json", as: VectorFile<RFC8032Vector>.self).cases) ?? []
private let wycheproofVectors: [WycheproofVector] =
    (try? TestSupport.fixture("wycheproof-selected.json", as: VectorFile<WycheproofVector>.self).cases) ?? []

/// DER prefix of an Ed25519 PKCS#8 PrivateKeyInfo; the 32-byte seed follows.
private let ed25519PKCS8Prefix = [UInt8](hex: "302e020100300506032b657004220420")
/// DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte public key follows.
private let ed25519SPKIPrefix = [UInt8](hex: "302a300506032b6570032100")

@Suite("Ed25519 test vectors")
struct Ed25519VectorTests {
    @Test("the RFC 8032 and Wycheproof fixtures are present")
    func fixturesLoad() {
        #expect(rfc8032Vectors.count == 3)
        #expect(wycheproofVectors.count == 6)
        #expect(wycheproofVectors.contains { $0.result == "invalid" })
    }

    @Test("an RFC 8032 seed wrapped in PKCS#8 PEM gives the vector's public key and signature", arguments: rfc8032Vectors)
    func rfc8032(vector: RFC8032Vector) throws {
        let seed = [UInt8](hex: vector.secret_seed_hex)
        let pem = TestSupport.pem(label: "PRIVATE KEY", der: ed25519PKCS8Prefix + seed)
        let key = try SigningKey(pemRepresentation: pem)
        #expect(key.suite == .ed25519sha256)
        #expect(try key.pemRepresentation() == pem)

        let der = key.publicKey.derRepresentation
        #expect(der.count == 44)
        #expect(Array(der.prefix(12)) == ed25519SPKIPrefix)
        #expect(Array(der.suffix(32)).hex == vector.public_key_hex)

        let message = [UInt8](hex: vector.message_hex)
        let signature = try key.signature(for: message)
        #expect(signature.hex == vector.signature_hex)
        #expect(key.publicKey.isValidSignature(signature, for: message))

        // The seed initialiser builds the same key.
        let fromSeed = try SigningKey(ed25519Seed: seed)
        #expect(fromSeed.publicKey == key.publicKey)
        #expect(try fromSeed.signature(for: message) == signature)
    }

    @Test("flipping any single bit of an RFC 8032 signature or message is rejected", arguments: rfc8032Vectors)
    func rfc8032BitFlips(vector: RFC8032Vector) throws {
        let publicKey = try VerifyingKey(derRepresentation: ed25519SPKIPrefix + [UInt8](hex: vector.public_key_hex))
        let message = [UInt8](hex: vector.message_hex)
        let signature = [UInt8](hex: vector.signature_hex)
        #expect(publicKey.isValidSignature(signature, for: message))
        for bit in 0..<signature.count * 8 {
            var flipped = signature
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(!publicKey.isValidSignature(flipped, for: message), "signature bit \(bit)")
        }
        for bit in stride(from: 0, to: message.count * 8, by: 5) {
            var flipped = message
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(!publicKey.isValidSignature(signature, for: flipped), "message bit \(bit)")
        }
        #expect(!publicKey.isValidSignature(signature, for: message + [0]))
        #expect(!publicKey.isValidSignature(Array(signature.dropLast()), for: message))
        #expect(!publicKey.isValidSignature([], for: message))
    }

    @Test("Wycheproof Ed25519 verification results match", arguments: wycheproofVectors)
    func wycheproof(vector: WycheproofVector) throws {
        let publicKey = try VerifyingKey(derRepresentation: ed25519SPKIPrefix + [UInt8](hex: vector.public_key_hex))
        #expect(publicKey.suite == .ed25519sha256)
        let valid = publicKey.isValidSignature([UInt8](hex: vector.sig_hex), for: [UInt8](hex: vector.msg_hex))
        #expect(valid == (vector.result == "valid"))
    }
}
