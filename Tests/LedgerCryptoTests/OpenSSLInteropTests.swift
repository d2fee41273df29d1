import Foundation
import Testing

@testable import LedgerCrypto

/// Cross-checks against the real `openssl` command-line tool, in both directions.
@Suite("Interoperability with the openssl CLI")
struct OpenSSLInteropTests {
    @Test("our key and signature are accepted by openssl", arguments: Suite.allCases)
    func oursVerifiedByOpenSSL(suite: Suite) throws {
        try TestSupport.withTemporaryDirectory { directory in
            let key = try SigningKey.generate(suite: suite)
            #expect(key.suite == suite)
            try key.write(toFile: directory.appendingPathComponent("key.pem").path)

            // openssl reads our key file and derives the same public key.
            let pubPEM = try TestSupport.opensslSucceeding(["pkey", "-in", "key.pem", "-pubout"], in: directory)
            #expect(pubPEM.stdoutText == key.publicKey.pemRepresentation)
            let pubDER = try TestSupport.opensslSucceeding(
                ["pkey", "-in", "key.pem", "-pubout", "-outform", "DER"], in: directory
            )
            #expect([UInt8](pubDER.stdout) == key.publicKey.derRepresentation)
            // ...and re-encodes the private key exactly as we wrote it.
            let privPEM = try TestSupport.opensslSucceeding(["pkey", "-in", "key.pem"], in: directory)
            #expect(privPEM.stdoutText == (try key.pemRepresentation()))

            try key.publicKey.pemRepresentation.write(
                to: directory.appendingPathComponent("pub.pem"), atomically: false, encoding: .utf8
            )
            let message = TestSupport.randomBytes(1000)
            try TestSupport.write(message, to: directory.appendingPathComponent("msg"))
            let signature = try key.signature(for: message)
            try TestSupport.write(signature, to: directory.appendingPathComponent("sig"))

            let verify =
                ["pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "pub.pem", "-in", "msg", "-sigfile", "sig"]
                + TestSupport.pkeyutlOptions(for: suite)
            let accepted = try TestSupport.opensslSucceeding(verify, in: directory)
            #expect(accepted.stdoutText.contains("Signature Verified Successfully"))

            // A tampered signature is refused by openssl too (the check above is not vacuous).
            var tampered = signature
            tampered[tampered.count / 2] ^= 0x01
            try TestSupport.write(tampered, to: directory.appendingPathComponent("sig"))
            #expect(try TestSupport.openssl(verify, in: directory).status != 0)
        }
    }

    @Test("openssl's key and signature are accepted by us", arguments: Suite.allCases)
    func opensslsVerifiedByUs(suite: Suite) throws {
        try TestSupport.withTemporaryDirectory { directory in
            try TestSupport.opensslSucceeding(
                ["genpkey", "-algorithm", TestSupport.genpkeyAlgorithm(for: suite), "-out", "key.pem"], in: directory
            )
            try TestSupport.opensslSucceeding(["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"], in: directory)
            let message = TestSupport.randomBytes(777)
            try TestSupport.write(message, to: directory.appendingPathComponent("msg"))
            try TestSupport.opensslSucceeding(
                ["pkeyutl", "-sign", "-rawin", "-inkey", "key.pem", "-in", "msg", "-out", "sig"]
                    + TestSupport.pkeyutlOptions(for: suite),
                in: directory
            )
            let signature = try TestSupport.bytes(directory.appendingPathComponent("sig"))

            let publicKey = try VerifyingKey(pemRepresentation: TestSupport.text(directory.appendingPathComponent("pub.pem")))
            #expect(publicKey.suite == suite)
            #expect(publicKey.pemRepresentation == (try TestSupport.text(directory.appendingPathComponent("pub.pem"))))
            #expect(publicKey.isValidSignature(signature, for: message))
            #expect(!publicKey.isValidSignature(signature, for: message + [0x00]))

            // openssl's private key loads, has the same public key, and re-encodes identically.
            let keyPEM = try TestSupport.text(directory.appendingPathComponent("key.pem"))
            let key = try SigningKey(pemRepresentation: keyPEM)
            #expect(key.suite == suite)
            #expect(key.publicKey == publicKey)
            #expect(try key.pemRepresentation() == keyPEM)
            #expect(publicKey.isValidSignature(try key.signature(for: message), for: message))
        }
    }

    @Test("an SM2 signature made with openssl's default (empty) signer ID does not verify")
    func sm2WrongDistinguishingID() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let key = try SigningKey.generate(suite: .sm2sm3)
            try key.write(toFile: directory.appendingPathComponent("key.pem").path)
            try key.publicKey.pemRepresentation.write(
                to: directory.appendingPathComponent("pub.pem"), atomically: false, encoding: .utf8
            )
            let message = Array("the signer ID is part of what is signed".utf8)
            try TestSupport.write(message, to: directory.appendingPathComponent("msg"))
            try TestSupport.opensslSucceeding(
                ["pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", "key.pem", "-in", "msg", "-out", "sig"],
                in: directory
            )
            let signature = try TestSupport.bytes(directory.appendingPathComponent("sig"))
            // Control: the signature is a valid SM2 signature under the empty ID...
            let control = try TestSupport.opensslSucceeding(
                [
                    "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "pub.pem",
                    "-in", "msg", "-sigfile", "sig",
                ],
                in: directory
            )
            #expect(control.stdoutText.contains("Signature Verified Successfully"))
            // ...but not under the GM/T default ID that we always use.
            #expect(!key.publicKey.isValidSignature(signature, for: message))
            #expect(OpenSSLErrors.drain() == "")
            // And our own signature does not verify under the empty ID.
            try TestSupport.write(try key.signature(for: message), to: directory.appendingPathComponent("sig"))
            let ours = try TestSupport.openssl(
                [
                    "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", "pub.pem",
                    "-in", "msg", "-sigfile", "sig",
                ],
                in: directory
            )
            #expect(ours.status != 0)
        }
    }

    @Test("an SM2 public key's SPKI uses id-ecPublicKey with the SM2 curve OID")
    func sm2SubjectPublicKeyInfoLayout() throws {
        let der = try SigningKey.generate(suite: .sm2sm3).publicKey.derRepresentation
        // SEQUENCE { SEQUENCE { id-ecPublicKey, 1.2.156.10197.1.301 }, BIT STRING 04||X||Y }
        let header = [UInt8](hex: "3059301306072a8648ce3d020106082a811ccf5501822d034200" + "04")
        #expect(der.count == 91)
        #expect(Array(der.prefix(header.count)) == header)
    }

    @Test("an EC-typed key on the SM2 curve is rebuilt as SM2 and signs SM2, not ECDSA")
    func ecTypedSM2KeyIsNormalised() throws {
        // OpenSSL 3 decodes SM2-curve PKCS#8 keys as type SM2, but EC key generation with
        // group SM2 yields an "EC" key that would sign with ECDSA. The loader must fix that.
        let key = try SigningKey(consuming: PKey.generate(keyType: "EC", group: "SM2"))
        #expect(key.suite == .sm2sm3)
        try TestSupport.withTemporaryDirectory { directory in
            try key.publicKey.pemRepresentation.write(
                to: directory.appendingPathComponent("pub.pem"), atomically: false, encoding: .utf8
            )
            let message = TestSupport.randomBytes(64)
            try TestSupport.write(message, to: directory.appendingPathComponent("msg"))
            try TestSupport.write(try key.signature(for: message), to: directory.appendingPathComponent("sig"))
            let verify = try TestSupport.opensslSucceeding(
                ["pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "pub.pem", "-in", "msg", "-sigfile", "sig"]
                    + TestSupport.pkeyutlOptions(for: .sm2sm3),
                in: directory
            )
            #expect(verify.stdoutText.contains("Signature Verified Successfully"))
        }
        // A P-256 key is still refused.
        #expect(throws: CryptoError.self) {
            try SigningKey(consuming: PKey.generate(keyType: "EC", group: "prime256v1"))
        }
    }
}
