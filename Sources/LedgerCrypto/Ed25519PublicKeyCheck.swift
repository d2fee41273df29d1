/// Byte checks on an Ed25519 public key that OpenSSL does not make when it loads one.
///
/// OpenSSL 3 loads any 32 bytes as an Ed25519 public key. Two kinds are dangerous in a ledger
/// whose keys are enrolled once and trusted afterwards:
///
/// - A point of small order (order 1, 2, 4 or 8). With the identity as public key, the signature
///   `R` = identity, `S` = 0 verifies for every message, so whoever enrolled such a key lets anyone
///   sign as its holder; the other small-order points give similar message-independent forgeries.
/// - A non-canonical encoding, whose y is not below p = 2^255 − 19. It names the same point as the
///   encoding of y − p, so one key would have two SubjectPublicKeyInfos and two key ids.
///
/// Both are plain comparisons on the 32 encoded bytes (RFC 8032 §5.1.2: little-endian y, with the
/// sign of x in bit 255); no curve arithmetic is needed.
enum Ed25519PublicKeyCheck {
    /// The DER prefix of an Ed25519 `SubjectPublicKeyInfo` (RFC 8410); the 32-byte key follows.
    static let subjectPublicKeyInfoPrefix: [UInt8] = [
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ]

    /// The y encodings of every point of small order, compared with the sign bit (bit 255) masked.
    ///
    /// The seven entries are libsodium's: the `blacklist` array of `ge25519_has_small_order(const
    /// unsigned char s[32])` in `src/libsodium/crypto_core/ed25519/ref10/ed25519_ref10.c`, which
    /// `crypto_sign_ed25519_verify_detached` applies to every public key in older releases (the
    /// current file tests the decoded point instead); libsodium compares bytes 0…30 exactly and byte
    /// 31 with the sign bit masked, as here. With and without the sign bit they are the 14 encodings
    /// of the 8 points of order dividing 8: y = 0 (the two points of order 4), y = 1 (the identity),
    /// two y values each shared by two points of order 8, y = p − 1 (order 2), and the non-canonical
    /// y = p and y = p + 1, which name y = 0 and y = 1 again. With x = 0 (y = 1 or y = p − 1) a set
    /// sign bit makes the encoding invalid under RFC 8032, but some decoders take it as the point with
    /// x = 0. Chalkias et al., "Taming the many EdDSAs" (2020), compare how libraries treat such keys.
    ///
    /// Caution: libsodium's `x25519_ref10.c` also has a `blocklist`, of Curve25519 (Montgomery u)
    /// coordinates; it is a different list and does not apply to Ed25519 keys.
    static let smallOrderEncodings: [[UInt8]] = [
        // 0 (order 4)
        [
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ],
        // 1 (order 1): the identity
        [
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ],
        // 2707385501144840649318225287225658788936804267575313519463743609750303402022 (order 8)
        [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
            0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
        ],
        // 55188659117513257062467267217118295137698188065244968500265048394206261417927 (order 8)
        [
            0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
            0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
        ],
        // p - 1 (order 2)
        [
            0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
        ],
        // p (= 0, order 4)
        [
            0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
        ],
        // p + 1 (= 1, order 1)
        [
            0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
        ],
    ]

    /// Throws unless the SubjectPublicKeyInfo `der` holds an Ed25519 key that is canonically
    /// encoded and not of small order.
    ///
    /// - Throws: `.invalidKey` naming the reason.
    static func validate(subjectPublicKeyInfo der: [UInt8]) throws(CryptoError) {
        let prefix = subjectPublicKeyInfoPrefix
        guard der.count == prefix.count + 32, der.starts(with: prefix) else {
            throw CryptoError(
                code: .invalidKey,
                reason: "an Ed25519 SubjectPublicKeyInfo is the \(prefix.count + 32)-byte RFC 8410 form, got \(der.count) bytes"
            )
        }
        try validate(publicKey: Array(der.suffix(32)))
    }

    /// Throws unless the 32-byte encoded Ed25519 public key `key` is canonical and not of small order.
    ///
    /// The small-order test comes first, so y = p and y = p + 1 are reported as small order.
    ///
    /// - Throws: `.invalidKey` naming the reason.
    static func validate(publicKey key: [UInt8]) throws(CryptoError) {
        precondition(key.count == 32, "an Ed25519 public key is 32 bytes")
        var y = key
        y[31] &= 0x7f
        if smallOrderEncodings.contains(y) {
            throw CryptoError(
                code: .invalidKey,
                reason: "Ed25519 public key \(hex(key)) is a point of small order, under which signatures can be forged"
            )
        }
        if !isBelowPrime(y) {
            throw CryptoError(
                code: .invalidKey,
                reason: "Ed25519 public key \(hex(key)) is non-canonical: its y coordinate is not below p = 2^255 - 19"
            )
        }
    }

    /// Whether the little-endian 255-bit value `y` (bit 255 already clear) is below p = 2^255 − 19,
    /// whose little-endian bytes are `ed ff … ff 7f`: y ≥ p exactly when bytes 1…30 are all `ff`,
    /// byte 31 is `7f` and byte 0 is at least `ed`.
    private static func isBelowPrime(_ y: [UInt8]) -> Bool {
        !(y[31] == 0x7f && y[1...30].allSatisfy { $0 == 0xff } && y[0] >= 0xed)
    }

    /// Lowercase hex, for error reasons (public keys only).
    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] }, as: UTF8.self)
    }
}
