import Foundation
import Testing

@testable import LedgerCrypto

/// Asserts that `body` throws a CryptoError with `code` and a non-empty reason, and
/// that OpenSSL's error queue is empty afterwards.
private func expectFailure(
    _ code: CryptoError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(CryptoError) -> Void
) {
    let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
    #expect(error?.reason.isEmpty == false, sourceLocation: sourceLocation)
    #expect(OpenSSLErrors.drain() == "", "error queue leaked", sourceLocation: sourceLocation)
}

@Suite("Bad input")
struct BadInputTests {
    @Test("garbage and empty text are not keys")
    func garbage() {
        for text in [
            "", "hello", "-----BEGIN " + "PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
            "-----BEGIN " + "PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        ] {
            expectFailure(.invalidKey) { () throws(CryptoError) in _ = try SigningKey(pemRepresentation: text) }
            expectFailure(.invalidKey) { () throws(CryptoError) in _ = try VerifyingKey(pemRepresentation: text) }
        }
        expectFailure(.invalidKey) { () throws(CryptoError) in _ = try VerifyingKey(derRepresentation: []) }
        expectFailure(.invalidKey) { () throws(CryptoError) in _ = try VerifyingKey(derRepresentation: [0x30, 0x03, 1, 2, 3]) }
        expectFailure(.invalidKey) { () throws(CryptoError) in _ = try SigningKey(ed25519Seed: [1, 2, 3]) }
    }

    @Test("a public key PEM is not a private key, and vice versa", arguments: Suite.allCases)
    func wrongLabel(suite: Suite) throws {
        let key = try SigningKey.generate(suite: suite)
        let publicPEM = key.publicKey.pemRepresentation
        let privatePEM = try key.pemRepresentation()
        expectFailure(.invalidKey) { () throws(CryptoError) in _ = try SigningKey(pemRepresentation: publicPEM) }
        expectFailure(.invalidKey) { () throws(CryptoError) in _ = try VerifyingKey(pemRepresentation: privatePEM) }
    }

    @Test("trailing bytes after a valid SubjectPublicKeyInfo are rejected")
    func trailingBytes() throws {
        let der = try SigningKey.generate(suite: .ed25519sha256).publicKey.derRepresentation
        expectFailure(.invalidKey) { () throws(CryptoError) in _ = try VerifyingKey(derRepresentation: der + [0]) }
        expectFailure(.invalidKey) { () throws(CryptoError) in _ = try VerifyingKey(derRepresentation: Array(der.dropLast())) }
    }

    @Test("a non-canonical (BER long-form length) SubjectPublicKeyInfo is rejected")
    func nonCanonicalDER() throws {
        let der = try SigningKey.generate(suite: .ed25519sha256).publicKey.derRepresentation
        #expect(der.prefix(2) == [0x30, 0x2a])
        let longForm = [0x30, 0x81, 0x2a] + der.dropFirst(2)
        expectFailure(.invalidKey) { () throws(CryptoError) in _ = try VerifyingKey(derRepresentation: longForm) }
        #expect(try VerifyingKey(derRepresentation: der).derRepresentation == der)
    }

    @Test("RSA and P-256 keys are .unsupportedKeyType, then a good operation succeeds")
    func unsupportedAlgorithms() throws {
        try TestSupport.withTemporaryDirectory { directory in
            try TestSupport.opensslSucceeding(
                ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa.pem"], in: directory
            )
            try TestSupport.opensslSucceeding(["pkey", "-in", "rsa.pem", "-pubout", "-out", "rsapub.pem"], in: directory)
            try TestSupport.opensslSucceeding(
                ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "p256.pem"], in: directory
            )
            try TestSupport.opensslSucceeding(["pkey", "-in", "p256.pem", "-pubout", "-out", "p256pub.pem"], in: directory)
            for name in ["rsa", "p256"] {
                let privatePEM = try TestSupport.text(directory.appendingPathComponent("\(name).pem"))
                let publicPEM = try TestSupport.text(directory.appendingPathComponent("\(name)pub.pem"))
                expectFailure(.unsupportedKeyType) { () throws(CryptoError) in _ = try SigningKey(pemRepresentation: privatePEM) }
                expectFailure(.unsupportedKeyType) { () throws(CryptoError) in _ = try VerifyingKey(pemRepresentation: publicPEM) }
                // Immediately afterwards, a good operation on this thread succeeds.
                let key = try SigningKey.generate(suite: .sm2sm3)
                let message = Array("after a failure".utf8)
                #expect(key.publicKey.isValidSignature(try key.signature(for: message), for: message))
            }
        }
    }

    @Test("an encrypted PKCS#8 key is refused without prompting for a password")
    func encryptedKey() throws {
        try TestSupport.withTemporaryDirectory { directory in
            try TestSupport.opensslSucceeding(["genpkey", "-algorithm", "ED25519", "-out", "key.pem"], in: directory)
            try TestSupport.opensslSucceeding(
                ["pkcs8", "-topk8", "-in", "key.pem", "-passout", "pass:secret", "-out", "enc.pem"], in: directory
            )
            let encrypted = try TestSupport.text(directory.appendingPathComponent("enc.pem"))
            expectFailure(.invalidKey) { () throws(CryptoError) in _ = try SigningKey(pemRepresentation: encrypted) }
        }
    }

    @Test("malformed signatures are rejected without throwing or leaking errors", arguments: Suite.allCases)
    func malformedSignatures(suite: Suite) throws {
        let key = try SigningKey.generate(suite: suite)
        let message = Array("message".utf8)
        let good = try key.signature(for: message)
        let bad: [[UInt8]] = [
            [], [0], [UInt8](repeating: 0, count: 64), [UInt8](repeating: 0xff, count: 72),
            good + [0], Array(good.dropLast()), [0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00],
        ]
        for signature in bad {
            #expect(!key.publicKey.isValidSignature(signature, for: message))
            #expect(OpenSSLErrors.drain() == "")
        }
        #expect(key.publicKey.isValidSignature(good, for: message))
        // A key of the other suite does not accept it either.
        let other = try SigningKey.generate(suite: suite == .sm2sm3 ? .ed25519sha256 : .sm2sm3)
        #expect(!other.publicKey.isValidSignature(good, for: message))
    }

    @Test("an error's description carries its code and OpenSSL's reason")
    func errorDescription() {
        let error = #expect(throws: CryptoError.self) { try VerifyingKey(derRepresentation: [0x30, 0x00]) }
        #expect(error?.description.hasPrefix("invalidKey: ") == true)
        #expect(error.map { $0 == CryptoError(code: .invalidKey, reason: $0.reason) } == true)
    }
}
