import Foundation
import LedgerCrypto
import Testing

@Suite("Round trips")
struct RoundTripTests {
    @Test("generate, PEM, load gives the same key", arguments: Suite.allCases)
    func pemRoundTrip(suite: Suite) throws {
        let key = try SigningKey.generate(suite: suite)
        let pem = try key.pemRepresentation()
        #expect(pem.hasPrefix("-----BEGIN " + "PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END PRIVATE KEY-----\n"))
        let loaded = try SigningKey(pemRepresentation: pem)
        #expect(loaded.suite == suite)
        #expect(loaded.publicKey.derRepresentation == key.publicKey.derRepresentation)
        #expect(try loaded.pemRepresentation() == pem)

        let message = TestSupport.randomBytes(300)
        #expect(key.publicKey.isValidSignature(try loaded.signature(for: message), for: message))
        #expect(loaded.publicKey.isValidSignature(try key.signature(for: message), for: message))
    }

    @Test("public keys round-trip through PEM and DER and compare by DER", arguments: Suite.allCases)
    func publicKeyRoundTrip(suite: Suite) throws {
        let publicKey = try SigningKey.generate(suite: suite).publicKey
        #expect(publicKey.pemRepresentation.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        let fromPEM = try VerifyingKey(pemRepresentation: publicKey.pemRepresentation)
        let fromDER = try VerifyingKey(derRepresentation: publicKey.derRepresentation)
        #expect(fromPEM == publicKey)
        #expect(fromDER == publicKey)
        #expect(fromPEM.suite == suite)
        #expect(Set([publicKey, fromPEM, fromDER]).count == 1)
        let other = try SigningKey.generate(suite: suite).publicKey
        #expect(other != publicKey)
        #expect(Set([publicKey, other]).count == 2)
    }

    @Test("signatures have the expected shape; Ed25519 is deterministic, SM2 randomised", arguments: Suite.allCases)
    func signatureShape(suite: Suite) throws {
        let key = try SigningKey.generate(suite: suite)
        for size in [0, 1, 55, 64, 65, 4096] {
            let message = TestSupport.randomBytes(size)
            let first = try key.signature(for: message)
            let second = try key.signature(for: message)
            #expect(key.publicKey.isValidSignature(first, for: message))
            #expect(key.publicKey.isValidSignature(second, for: message))
            switch suite {
            case .ed25519sha256:
                #expect(first.count == 64)
                #expect(first == second)
            case .sm2sm3:
                #expect(first.first == 0x30)
                #expect(first.count <= 72 && first.count >= 8)
                #expect(first != second)
            }
        }
    }

    @Test("one key verifies concurrently from many tasks", arguments: Suite.allCases)
    func concurrentVerification(suite: Suite) async throws {
        let key = try SigningKey.generate(suite: suite)
        let messages = (0..<8).map { _ in TestSupport.randomBytes(128) }
        let signatures = try messages.map { try key.signature(for: $0) }
        let publicKey = key.publicKey
        let results = await withTaskGroup(of: Bool.self) { group in
            for round in 0..<64 {
                let index = round % messages.count
                let message = messages[index]
                let signature = signatures[index]
                let wrong = signatures[(index + 1) % signatures.count]
                group.addTask {
                    publicKey.isValidSignature(signature, for: message)
                        && !publicKey.isValidSignature(wrong, for: message)
                        && (try? key.signature(for: message)).map { publicKey.isValidSignature($0, for: message) } == true
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }
}
