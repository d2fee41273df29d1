import Foundation
import Testing

@testable import LedgerCrypto

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32-byte public key follows.
private let spkiPrefix = [UInt8](hex: "302a300506032b6570032100")

/// The y encodings of the eight points of order 1, 2, 4 and 8 (libsodium's Ed25519 blocklist; see
/// `Ed25519PublicKeyCheck.swift`), each as its 32 little-endian bytes with the sign bit of x clear.
/// With the sign bit set as well they are the 14 encodings the check must refuse.
private let smallOrderEncodings: [(order: String, hex: String)] = [
    ("y = 0 (order 4)", "0000000000000000000000000000000000000000000000000000000000000000"),
    ("y = 1, the identity", "0100000000000000000000000000000000000000000000000000000000000000"),
    ("order 8", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
    ("order 8", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    ("y = p - 1 (order 2)", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    ("y = p, so 0 (order 4)", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    ("y = p + 1, so 1 (order 1)", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
]

/// One 32-byte public key encoding to try, named for the test report.
struct Ed25519Encoding: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    var testDescription: String { "\(name): \(bytes.hex)" }

    /// `bytes` with the sign bit of x (bit 255) set.
    var withSignBit: Ed25519Encoding {
        var flipped = bytes
        flipped[31] |= 0x80
        return Ed25519Encoding(name: name + ", sign bit set", bytes: flipped)
    }
}

/// All 14 encodings of small-order points: the blocklist with and without the sign bit.
private let smallOrder: [Ed25519Encoding] = smallOrderEncodings.flatMap { entry in
    let plain = Ed25519Encoding(name: entry.order, bytes: [UInt8](hex: entry.hex))
    return [plain, plain.withSignBit]
}

/// Every y from p = 2^255 - 19 to 2^255 - 1, with either sign bit: 38 non-canonical encodings,
/// of which some decode (modulo p) to ordinary points, e.g. y = p + 3.
private let nonCanonical: [Ed25519Encoding] = (0..<19).flatMap { offset -> [Ed25519Encoding] in
    var bytes = [UInt8](repeating: 0xff, count: 32)
    bytes[0] = 0xed + UInt8(offset)
    bytes[31] = 0x7f
    let plain = Ed25519Encoding(name: "y = p + \(offset)", bytes: bytes)
    return [plain, plain.withSignBit]
}

private struct VectorFile: Decodable {
    struct Case: Decodable { let public_key_hex: String }
    let cases: [Case]
}

/// Asserts that the SPKI holding `key` is refused as `.invalidKey` with a reason containing `because`,
/// both as DER and as PEM, and that OpenSSL's error queue is left empty.
private func expectRefused(_ key: [UInt8], because: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let der = spkiPrefix + key
    let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) {
        try VerifyingKey(derRepresentation: der)
    }
    #expect(error?.code == .invalidKey, sourceLocation: sourceLocation)
    #expect(error?.reason.contains(because) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
    let pem = TestSupport.pem(label: "PUBLIC KEY", der: der)
    #expect(throws: CryptoError.self, sourceLocation: sourceLocation) { try VerifyingKey(pemRepresentation: pem) }
    #expect(OpenSSLErrors.drain() == "", "error queue leaked", sourceLocation: sourceLocation)
}

@Suite("Ed25519 public key checks")
struct Ed25519PublicKeyCheckTests {
    @Test("every encoding of a point of small order is refused", arguments: smallOrder)
    func smallOrderRefused(encoding: Ed25519Encoding) {
        expectRefused(encoding.bytes, because: "small order")
    }

    @Test("every encoding with y ≥ p is refused as non-canonical", arguments: nonCanonical)
    func nonCanonicalRefused(encoding: Ed25519Encoding) {
        // y = p and y = p + 1 are also small-order encodings; either reason will do for them.
        let error = #expect(throws: CryptoError.self) { try VerifyingKey(derRepresentation: spkiPrefix + encoding.bytes) }
        #expect(error?.code == .invalidKey)
        #expect(
            error?.reason.contains("non-canonical") == true || error?.reason.contains("small order") == true,
            "\(String(describing: error))")
        if encoding.bytes[0] > 0xee {
            expectRefused(encoding.bytes, because: "not below p")
        }
        #expect(OpenSSLErrors.drain() == "")
    }

    @Test("the largest canonical y on the curve below the small-order p - 1, y = p - 3, still loads")
    func boundaryKeyLoads() throws {
        let key = [UInt8](hex: "eaffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
        for bytes in [key, Ed25519Encoding(name: "", bytes: key).withSignBit.bytes] {
            let loaded = try VerifyingKey(derRepresentation: spkiPrefix + bytes)
            #expect(loaded.derRepresentation == spkiPrefix + bytes)
        }
    }

    @Test("generated keys, and the RFC 8032 and Wycheproof vector keys, still load")
    func ordinaryKeysLoad() throws {
        for _ in 0..<64 {
            let key = try SigningKey.generate(suite: .ed25519sha256)
            #expect(try VerifyingKey(derRepresentation: key.publicKey.derRepresentation) == key.publicKey)
        }
        var vectorKeys: [String] = []
        for name in ["rfc8032-7.1.json", "wycheproof-selected.json"] {
            let data = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent(name))
            vectorKeys += try JSONDecoder().decode(VectorFile.self, from: data).cases.map(\.public_key_hex)
        }
        #expect(vectorKeys.count == 9)
        for hex in vectorKeys {
            let der = spkiPrefix + [UInt8](hex: hex)
            #expect(try VerifyingKey(derRepresentation: der).derRepresentation == der)
        }
    }

    @Test("the identity key, under which R = identity and S = 0 verifies for every message, is refused")
    func identityForgeryStopsAtTheKey() throws {
        let identity = [UInt8](hex: "0100000000000000000000000000000000000000000000000000000000000000")
        let forgery = identity + [UInt8](repeating: 0, count: 32)
        // OpenSSL itself accepts the key and the forgery: the check in VerifyingKey is what stops it.
        try TestSupport.withTemporaryDirectory { directory in
            try TestSupport.pem(label: "PUBLIC KEY", der: spkiPrefix + identity)
                .write(to: directory.appendingPathComponent("identity.pem"), atomically: false, encoding: .utf8)
            try TestSupport.write(forgery, to: directory.appendingPathComponent("sig"))
            for message in ["pay 1000000 to mallory", "any other message"] {
                try message.write(to: directory.appendingPathComponent("msg"), atomically: false, encoding: .utf8)
                let verify = try TestSupport.openssl(
                    ["pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "identity.pem", "-in", "msg", "-sigfile", "sig"],
                    in: directory
                )
                #expect(verify.stdoutText.contains("Signature Verified Successfully"), "\(verify.stderr)")
            }
        }
        expectRefused(identity, because: "small order")
    }
}
