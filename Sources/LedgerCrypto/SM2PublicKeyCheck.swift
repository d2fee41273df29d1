/// Byte checks that name the reason when OpenSSL refuses an SM2 public key point.
///
/// OpenSSL already refuses a point with a coordinate not below the field prime p, and a point
/// that is not on the curve, but reports both only as a generic "decode error". For the one form
/// the ledger enrols (the 91-byte SubjectPublicKeyInfo with an uncompressed point `04 ‖ x ‖ y`),
/// the range check is a plain comparison of the big-endian coordinates with p, made here first
/// so the error says which coordinate is out of range; a point that passes it and still fails to
/// decode is off the curve, and the error says that.
enum SM2PublicKeyCheck {
    /// The DER prefix of an SM2 SubjectPublicKeyInfo with an uncompressed point, up to and
    /// including the `04`: id-ecPublicKey, curve OID 1.2.156.10197.1.301, BIT STRING of 65 bytes.
    static let uncompressedPrefix: [UInt8] = [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
        0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00, 0x04,
    ]

    /// The SM2 field prime p = 2^256 − 2^224 − 2^96 + 2^64 − 1 (GB/T 32918.5), big-endian.
    static let prime: [UInt8] = [
        0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    ]

    /// Whether `der` has the shape of an SM2 SubjectPublicKeyInfo with an uncompressed point.
    static func isUncompressedPoint(_ der: [UInt8]) -> Bool {
        der.count == uncompressedPrefix.count + 64 && der.starts(with: uncompressedPrefix)
    }

    /// Throws if `der` is an SM2 SubjectPublicKeyInfo with an uncompressed point whose x or y is
    /// not below p. Any other bytes pass unchanged, for OpenSSL to judge.
    ///
    /// - Throws: `.invalidKey` naming the coordinate.
    static func validateCoordinates(subjectPublicKeyInfo der: [UInt8]) throws(CryptoError) {
        guard isUncompressedPoint(der) else { return }
        let x = der[uncompressedPrefix.count..<uncompressedPrefix.count + 32]
        let y = der[(uncompressedPrefix.count + 32)...]
        for (name, coordinate) in [("x", x), ("y", y)] where !coordinate.lexicographicallyPrecedes(prime) {
            throw CryptoError(
                code: .invalidKey,
                reason: "SM2 public key point has its \(name) coordinate not below the field prime p"
            )
        }
    }
}
