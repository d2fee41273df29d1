import Foundation
import Testing

@testable import LedgerCrypto

/// Asserts that `body` throws `.invalidKey` with a reason containing `because`.
private func expectRefused(
    because: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(CryptoError) -> Void
) {
    let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == .invalidKey, sourceLocation: sourceLocation)
    #expect(error?.reason.contains(because) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
    #expect(OpenSSLErrors.drain() == "", "error queue leaked", sourceLocation: sourceLocation)
}

/// Writes two keys with the `openssl` CLI into `directory` (`a.pem`, `b.pem`, `a.pub`, `b.pub`).
private func writeTwoKeys(_ suite: Suite, in directory: URL) throws {
    for name in ["a", "b"] {
        try TestSupport.opensslSucceeding(
            ["genpkey", "-algorithm", TestSupport.genpkeyAlgorithm(for: suite), "-out", "\(name).pem"], in: directory)
        try TestSupport.opensslSucceeding(["pkey", "-in", "\(name).pem", "-pubout", "-out", "\(name).pub"], in: directory)
    }
}

@Suite("PEM blocks")
struct PEMBlockTests {
    @Test("a PEM file with two private keys is refused, not read as the first", arguments: Suite.allCases)
    func twoPrivateKeys(suite: Suite) throws {
        try TestSupport.withTemporaryDirectory { directory in
            try writeTwoKeys(suite, in: directory)
            let first = try TestSupport.text(directory.appendingPathComponent("a.pem"))
            let both = first + (try TestSupport.text(directory.appendingPathComponent("b.pem")))
            #expect(throws: Never.self) { try SigningKey(pemRepresentation: first) }
            expectRefused(because: "holds 2 PEM blocks; expected exactly one PRIVATE KEY") { () throws(CryptoError) in
                _ = try SigningKey(pemRepresentation: both)
            }

            let url = directory.appendingPathComponent("both.pem")
            try both.write(to: url, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            expectRefused(because: "holds 2 PEM blocks; expected exactly one PRIVATE KEY") { () throws(CryptoError) in
                _ = try SigningKey.load(contentsOfFile: url.path)
            }
        }
    }

    @Test("a PEM text with two public keys, or a key pair's two halves, is refused", arguments: Suite.allCases)
    func twoPublicKeysOrMixedBlocks(suite: Suite) throws {
        try TestSupport.withTemporaryDirectory { directory in
            try writeTwoKeys(suite, in: directory)
            let text = { (name: String) in try TestSupport.text(directory.appendingPathComponent(name)) }
            let publicKeys = try text("a.pub") + text("b.pub")
            expectRefused(because: "holds 2 PEM blocks; expected exactly one PUBLIC KEY") { () throws(CryptoError) in
                _ = try VerifyingKey(pemRepresentation: publicKeys)
            }
            let privateThenPublic = try text("a.pem") + text("a.pub")
            expectRefused(because: "holds 2 PEM blocks; expected exactly one PRIVATE KEY") { () throws(CryptoError) in
                _ = try SigningKey(pemRepresentation: privateThenPublic)
            }
            let threeBlocks = try text("a.pub") + text("a.pem") + text("b.pub")
            expectRefused(because: "holds 3 PEM blocks; expected exactly one PUBLIC KEY") { () throws(CryptoError) in
                _ = try VerifyingKey(pemRepresentation: threeBlocks)
            }
        }
    }

    @Test("text before or after the block is refused; `openssl pkey -text` output is not a key file")
    func textOutsideTheBlock() throws {
        let key = try SigningKey.generate(suite: .ed25519sha256)
        let pem = try key.pemRepresentation()
        let publicPEM = key.publicKey.pemRepresentation
        for text in ["comment\n" + pem, pem + "trailing\n", pem + "-----", "x" + pem] {
            expectRefused(because: "text outside the PEM block") { () throws(CryptoError) in
                _ = try SigningKey(pemRepresentation: text)
            }
        }
        expectRefused(because: "text outside the PEM block") { () throws(CryptoError) in
            _ = try VerifyingKey(pemRepresentation: "Subject: department key\n" + publicPEM)
        }
        try TestSupport.withTemporaryDirectory { directory in
            try TestSupport.opensslSucceeding(["genpkey", "-algorithm", "ED25519", "-out", "key.pem"], in: directory)
            let dump = try TestSupport.opensslSucceeding(["pkey", "-in", "key.pem", "-pubout", "-text"], in: directory)
            expectRefused(because: "text outside the PEM block") { () throws(CryptoError) in
                _ = try VerifyingKey(pemRepresentation: dump.stdoutText)
            }
        }
    }

    @Test("whitespace around the block and CRLF line ends are accepted")
    func whitespaceAccepted() throws {
        let key = try SigningKey.generate(suite: .sm2sm3)
        let pem = try key.pemRepresentation()
        let crlf = pem.replacingOccurrences(of: "\n", with: "\r\n")
        for text in ["\n\n" + pem + "\n \t\n", " " + pem, String(pem.dropLast()), crlf] {
            #expect(try SigningKey(pemRepresentation: text).publicKey == key.publicKey)
        }
        #expect(try VerifyingKey(pemRepresentation: "\n" + key.publicKey.pemRepresentation + "\n").suite == .sm2sm3)
    }
}
