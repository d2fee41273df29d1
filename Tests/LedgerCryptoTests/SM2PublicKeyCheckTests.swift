import Foundation
import Testing

@testable import LedgerCrypto

/// DER prefix of an SM2 SubjectPublicKeyInfo up to the uncompressed point's `04`; x and y follow.
private let spkiPrefix = [UInt8](hex: "3059301306072a8648ce3d020106082a811ccf5501822d034200" + "04")

/// The SM2 field prime p (GB/T 32918.5), big-endian, as `openssl ecparam -name SM2 -param_enc explicit` prints it.
private let sm2Prime = [UInt8](hex: "fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff")

/// Two points on the SM2 curve with one coordinate small enough that adding p still fits in 32 bytes,
/// so the same point can be written with that coordinate ≥ p. Found with a short script (x = 1 and the
/// square root of x³ + ax + b; y = 1 and a root of x³ + ax + b − 1); the tests below check that both
/// load in their canonical form, so they are on the curve.
private let pointWithSmallX = (
    x: [UInt8](hex: "0000000000000000000000000000000000000000000000000000000000000001"),
    y: [UInt8](hex: "9f7a091433a81e3f218f405f792355bf2aa98b5ffa95982f03870800065279a3")
)
private let pointWithSmallY = (
    x: [UInt8](hex: "9c17043effe1a805a74a9a5e70b9d659705d3242094a566dc016f49311178d1f"),
    y: [UInt8](hex: "0000000000000000000000000000000000000000000000000000000000000001")
)

/// `value + p` as 32 big-endian bytes; the caller makes sure it does not overflow.
private func addingPrime(_ value: [UInt8]) -> [UInt8] {
    var sum = [UInt8](repeating: 0, count: 32)
    var carry = 0
    for index in (0..<32).reversed() {
        let digit = Int(value[index]) + Int(sm2Prime[index]) + carry
        sum[index] = UInt8(digit & 0xff)
        carry = digit >> 8
    }
    precondition(carry == 0, "value + p overflows 32 bytes")
    return sum
}

/// Asserts that `der` is refused as `.invalidKey` with a reason containing `because`, and that
/// OpenSSL's error queue is left empty.
private func expectRefused(_ der: [UInt8], because: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) { try VerifyingKey(derRepresentation: der) }
    #expect(error?.code == .invalidKey, sourceLocation: sourceLocation)
    #expect(error?.reason.contains(because) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
    #expect(OpenSSLErrors.drain() == "", "error queue leaked", sourceLocation: sourceLocation)
}

@Suite("SM2 public key checks")
struct SM2PublicKeyCheckTests {
    @Test("the two test points load in canonical form")
    func canonicalPointsLoad() throws {
        for point in [pointWithSmallX, pointWithSmallY] {
            let der = spkiPrefix + point.x + point.y
            let key = try VerifyingKey(derRepresentation: der)
            #expect(key.suite == .sm2sm3)
            #expect(key.derRepresentation == der)
        }
    }

    @Test("a point written with x ≥ p is refused")
    func xNotBelowPrime() {
        expectRefused(spkiPrefix + addingPrime(pointWithSmallX.x) + pointWithSmallX.y, because: "x coordinate not below")
        expectRefused(spkiPrefix + sm2Prime + pointWithSmallX.y, because: "x coordinate not below")
    }

    @Test("a point written with y ≥ p is refused")
    func yNotBelowPrime() {
        expectRefused(spkiPrefix + pointWithSmallY.x + addingPrime(pointWithSmallY.y), because: "y coordinate not below")
        expectRefused(spkiPrefix + pointWithSmallY.x + sm2Prime, because: "y coordinate not below")
    }

    @Test("a point off the curve is refused")
    func offCurve() throws {
        let der = try SigningKey.generate(suite: .sm2sm3).publicKey.derRepresentation
        for index in [27, 58, 90] {  // first byte of x, first and last byte of y
            var tampered = der
            tampered[index] ^= 0x01
            expectRefused(tampered, because: "not on the curve")
        }
        expectRefused(spkiPrefix + [UInt8](repeating: 0, count: 64), because: "not on the curve")
    }

    @Test("the point at infinity (a BIT STRING holding the single byte 00) is refused")
    func pointAtInfinity() {
        // OpenSSL decodes it, then cannot re-encode it: refused, though not in so many words.
        expectRefused([UInt8](hex: "3019301306072a8648ce3d020106082a811ccf5501822d03020000"), because: "cannot encode the public key")
    }
}
