import Foundation
import LedgerCrypto
import Testing

@Suite("Signature verifier (one context per key)")
struct SignatureVerifierTests {
    @Test("agrees with a fresh context on valid, altered, foreign and malformed signatures, in any order of keys", arguments: Suite.allCases)
    func agreesWithFreshContext(suite: Suite) throws {
        let keys = try (0..<3).map { _ in try SigningKey.generate(suite: suite) }
        let verifier = SignatureVerifier()
        var cases: [(signature: [UInt8], message: [UInt8], key: VerifyingKey, expected: Bool)] = []
        for (index, key) in keys.enumerated() {
            let message = TestSupport.randomBytes(700 + index)
            let signature = try key.signature(for: message)
            var flipped = signature
            flipped[flipped.count / 2] ^= 0x01
            var otherMessage = message
            otherMessage[0] ^= 0x80
            let other = keys[(index + 1) % keys.count].publicKey
            cases += [
                (signature, message, key.publicKey, true),
                (signature, otherMessage, key.publicKey, false),
                (flipped, message, key.publicKey, false),
                (signature, message, other, false),
                ([], message, key.publicKey, false),
                (Array(signature.dropLast()), message, key.publicKey, false),
                ([0x30, 0x03, 0x02, 0x01, 0x00], message, key.publicKey, false),
                (signature, message, key.publicKey, true),  // valid again after failures with the same context
            ]
        }
        // Twice through, the second time interleaving keys, so every cached context is re-initialised many times.
        for (signature, message, key, expected) in cases + cases.shuffled() {
            #expect(verifier.isValid(signature, for: message, by: key) == expected)
            #expect(key.isValidSignature(signature, for: message) == expected)
        }
    }

    @Test("a key loaded again from its DER is checked with its own context, not a stale one")
    func keysLoadedAgain() throws {
        let verifier = SignatureVerifier()
        for _ in 0..<20 {
            let key = try SigningKey.generate(suite: .ed25519sha256)
            let loaded = try VerifyingKey(derRepresentation: key.publicKey.derRepresentation)
            let message = TestSupport.randomBytes(64)
            #expect(verifier.isValid(try key.signature(for: message), for: message, by: loaded))
            #expect(!verifier.isValid(try SigningKey.generate(suite: .ed25519sha256).signature(for: message), for: message, by: loaded))
        }
    }
}
