internal import COpenSSL

/// A public key that checks signatures: Ed25519 or SM2.
///
/// Two verifying keys are equal, and hash equally, exactly when their DER
/// `SubjectPublicKeyInfo` encodings are byte-identical.
///
/// `@unchecked Sendable`: the wrapped `EVP_PKEY` is never mutated after `init`, and
/// OpenSSL 3 supports concurrent signature operations on one `EVP_PKEY` as long as each
/// uses its own `EVP_MD_CTX`/`EVP_PKEY_CTX`, which every call here creates locally.
public final class VerifyingKey: @unchecked Sendable, Hashable {
    /// The `EVP_PKEY *` (public part only), owned by this object and freed in `deinit`.
    let pkey: OpaquePointer

    /// The suite this key verifies for, derived from the key type.
    public let suite: Suite

    /// The DER `SubjectPublicKeyInfo`, computed once at `init`.
    ///
    /// Byte-identical to `openssl pkey -pubout -outform DER`. For SM2 the algorithm is
    /// id-ecPublicKey with the SM2 curve OID 1.2.156.10197.1.301.
    public let derRepresentation: [UInt8]

    /// Takes ownership of `pkey` (consumed: freed here if this throws).
    ///
    /// Ed25519 keys must pass ``Ed25519PublicKeyCheck``, which OpenSSL does not do on loading. SM2
    /// points were checked by OpenSSL as it decoded them (coordinates below p, on the curve).
    init(consuming pkey: OpaquePointer) throws(CryptoError) {
        let (key, suite) = try PKey.classify(consuming: pkey, selection: CLedger_EVP_PKEY_PUBLIC_KEY())
        let der: [UInt8]
        do {
            der = try PKey.subjectPublicKeyInfo(of: key)
            if suite == .ed25519sha256 { try Ed25519PublicKeyCheck.validate(subjectPublicKeyInfo: der) }
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        self.pkey = key
        self.suite = suite
        self.derRepresentation = der
    }

    /// Loads a public key from a PEM `-----BEGIN PUBLIC KEY-----` block
    /// (`SubjectPublicKeyInfo`), as written by `openssl pkey -pubout`.
    ///
    /// - Throws: `.invalidKey` if the text is not exactly one such block (whitespace around it
    ///   aside), or for the reasons ``init(derRepresentation:)`` gives;
    ///   `.unsupportedKeyType` if the key is neither Ed25519 nor SM2.
    public convenience init(pemRepresentation: String) throws(CryptoError) {
        try self.init(derRepresentation: PKey.decodePEM(pemRepresentation, label: "PUBLIC KEY"))
    }

    /// Loads a public key from its DER `SubjectPublicKeyInfo`.
    ///
    /// The encoding must be canonical: OpenSSL's re-encoding of the decoded key must
    /// equal `derRepresentation` byte for byte, so every key has exactly one accepted
    /// encoding and ``derRepresentation`` always returns the input unchanged.
    ///
    /// - Throws: `.invalidKey` if the bytes are not exactly one valid, canonically
    ///   encoded `SubjectPublicKeyInfo` (trailing bytes are rejected), if an Ed25519 key is a
    ///   point of small order or has y ≥ p, or if an SM2 point has a coordinate ≥ p or is not
    ///   on the curve; `.unsupportedKeyType` if the key is neither Ed25519 nor SM2.
    public convenience init(derRepresentation: [UInt8]) throws(CryptoError) {
        try SM2PublicKeyCheck.validateCoordinates(subjectPublicKeyInfo: derRepresentation)
        let pkey: OpaquePointer
        do {
            pkey = try PKey.decodeSubjectPublicKeyInfo(derRepresentation)
        } catch {
            guard SM2PublicKeyCheck.isUncompressedPoint(derRepresentation) else { throw error }
            // Well-formed, coordinates in range: OpenSSL's only remaining objection is the curve equation.
            throw CryptoError(code: .invalidKey, reason: "SM2 public key point is not on the curve (\(error.reason))")
        }
        try self.init(consuming: pkey)
        guard self.derRepresentation == derRepresentation else {
            throw CryptoError(
                code: .invalidKey,
                reason: "SubjectPublicKeyInfo is not in canonical DER (OpenSSL re-encodes it differently)"
            )
        }
    }

    deinit {
        EVP_PKEY_free(pkey)
    }

    /// The PEM `-----BEGIN PUBLIC KEY-----` encoding of ``derRepresentation``, with a
    /// trailing newline, as written by `openssl pkey -pubout`.
    public var pemRepresentation: String {
        PKey.encodePEM(label: "PUBLIC KEY", der: derRepresentation)
    }

    /// Returns whether `signature` is a valid signature by this key over `message`.
    ///
    /// Ed25519: pure Ed25519 (RFC 8032) over the message, 64-byte signature.
    /// SM2: SM2 with SM3 and signer ID `"1234567812345678"`; the signature is the DER
    /// `SEQUENCE { r, s }` (non-canonical DER is rejected by OpenSSL).
    ///
    /// Never throws; any failure, including malformed input, is `false`, and OpenSSL's
    /// error queue is cleared so it cannot leak into later calls.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        if suite == .ed25519sha256, signature.count != 64 { return false }
        guard let context = EVP_MD_CTX_new() else {
            OpenSSLErrors.clear()
            return false
        }
        defer { EVP_MD_CTX_free(context) }
        let valid =
            PKey.initialiseSignatureContext(context, key: pkey, suite: suite, signing: false)
            && signature.withUnsafeBufferPointer { sig in
                message.withUnsafeBufferPointer { msg in
                    EVP_DigestVerify(context, sig.baseAddress, sig.count, msg.baseAddress, msg.count) == 1
                }
            }
        if !valid { OpenSSLErrors.clear() }
        return valid
    }

    /// Equal when the DER `SubjectPublicKeyInfo` encodings are byte-identical.
    public static func == (lhs: VerifyingKey, rhs: VerifyingKey) -> Bool {
        lhs.derRepresentation == rhs.derRepresentation
    }

    /// Hashes the DER `SubjectPublicKeyInfo`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(derRepresentation)
    }
}
