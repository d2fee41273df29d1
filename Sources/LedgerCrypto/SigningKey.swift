internal import COpenSSL

/// A private key that makes signatures: Ed25519 or SM2.
///
/// `@unchecked Sendable`: the wrapped `EVP_PKEY` is never mutated after `init`, and
/// OpenSSL 3 supports concurrent signature operations on one `EVP_PKEY` as long as each
/// uses its own `EVP_MD_CTX`/`EVP_PKEY_CTX`, which every call here creates locally.
public final class SigningKey: @unchecked Sendable {
    /// The `EVP_PKEY *` (key pair), owned by this object and freed in `deinit`.
    let pkey: OpaquePointer

    /// The suite this key signs for, derived from the key type.
    public let suite: Suite

    /// The matching public key (a separate `EVP_PKEY` decoded from this key's
    /// `SubjectPublicKeyInfo`).
    public let publicKey: VerifyingKey

    /// Takes ownership of `pkey` (consumed: freed here if this throws).
    init(consuming pkey: OpaquePointer) throws(CryptoError) {
        let (key, suite) = try PKey.classify(consuming: pkey, selection: CLedger_EVP_PKEY_KEYPAIR())
        let publicKey: VerifyingKey
        do {
            publicKey = try VerifyingKey(derRepresentation: PKey.subjectPublicKeyInfo(of: key))
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        self.pkey = key
        self.suite = suite
        self.publicKey = publicKey
    }

    deinit {
        EVP_PKEY_free(pkey)
    }

    /// Generates a fresh random key for `suite` (Ed25519, or SM2 on the SM2 curve).
    ///
    /// - Throws: `.keyGenerationFailed` if OpenSSL cannot generate the key.
    public static func generate(suite: Suite) throws(CryptoError) -> SigningKey {
        let keyType =
            switch suite {
            case .sm2sm3: "SM2"
            case .ed25519sha256: "ED25519"
            }
        return try SigningKey(consuming: PKey.generate(keyType: keyType))
    }

    /// Loads an unencrypted PKCS#8 private key (a PEM block labelled `PRIVATE KEY`), as
    /// written by `openssl genpkey` or ``pemRepresentation()``.
    ///
    /// The suite comes from the key type: ED25519 is `.ed25519sha256`, SM2 (including an
    /// id-ecPublicKey key on the SM2 curve) is `.sm2sm3`.
    ///
    /// - Throws: `.invalidKey` if the text is not exactly one `PRIVATE KEY` block with
    ///   nothing but whitespace around it (two keys, a public key, an encrypted or
    ///   traditional-format key, garbage) or the DER is malformed;
    ///   `.unsupportedKeyType` for any other algorithm (RSA, P-256, ...).
    public convenience init(pemRepresentation: String) throws(CryptoError) {
        var der = try PKey.decodePEM(pemRepresentation, label: "PRIVATE KEY")
        defer { PKey.wipe(&der) }
        try self.init(consuming: PKey.decodePrivateKeyInfo(der))
    }

    /// Makes an Ed25519 key from its 32-byte RFC 8032 secret seed.
    ///
    /// - Throws: `.invalidKey` if `seed` is not 32 bytes.
    public convenience init(ed25519Seed seed: [UInt8]) throws(CryptoError) {
        try self.init(consuming: PKey.ed25519PrivateKey(seed: seed))
    }

    /// The unencrypted PKCS#8 PEM (a PEM block labelled `PRIVATE KEY`) encoding, byte-for-byte
    /// the layout `openssl genpkey` writes.
    ///
    /// - Throws: `.signingFailed` if OpenSSL cannot encode the key.
    public func pemRepresentation() throws(CryptoError) -> String {
        try PKey.privateKeyPEM(of: pkey)
    }

    /// Signs `message`.
    ///
    /// Ed25519: pure Ed25519 (RFC 8032), deterministic, 64 bytes.
    /// SM2: SM2 with SM3 and signer ID `"1234567812345678"`, randomised; the DER
    /// `SEQUENCE { r, s }` (at most 72 bytes), as produced by `openssl pkeyutl -sign
    /// -rawin -digest sm3 -pkeyopt distid:1234567812345678`.
    ///
    /// - Throws: `.signingFailed` if OpenSSL fails (the reason carries its errors).
    public func signature(for message: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else {
            throw .openSSL(.signingFailed, "EVP_MD_CTX_new failed")
        }
        defer { EVP_MD_CTX_free(context) }
        guard PKey.initialiseSignatureContext(context, key: pkey, suite: suite, signing: true) else {
            throw .openSSL(.signingFailed, "cannot initialise \(suite.rawValue) signing")
        }
        let capacity = Int(EVP_PKEY_get_size(pkey))
        guard capacity > 0 else {
            throw .openSSL(.signingFailed, "cannot determine the \(suite.rawValue) signature size")
        }
        var ok = false
        let signature = [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
            var length = capacity
            ok = message.withUnsafeBufferPointer { msg in
                EVP_DigestSign(context, output.baseAddress, &length, msg.baseAddress, msg.count) == 1
            }
            count = ok ? min(length, capacity) : 0
        }
        guard ok else {
            throw .openSSL(.signingFailed, "\(suite.rawValue) signing failed")
        }
        return signature
    }
}
