internal import COpenSSL

/// Internal helpers around `EVP_PKEY`: PEM/DER coding, generation and suite detection.
///
/// Ownership convention: a function returning an `OpaquePointer` for an `EVP_PKEY`
/// hands the caller one reference, which the caller must free exactly once (normally by
/// giving it to ``SigningKey`` or ``VerifyingKey``). A function whose parameter is named
/// `consuming` takes over the caller's reference and frees it, also when it throws.
enum PKey {
    /// The GM/T 0009-2012 default SM2 signer ID. OpenSSL 3 uses an empty ID unless told
    /// otherwise, so it is set explicitly on every SM2 signing and verifying context.
    static let sm2DistinguishingID: [UInt8] = Array("1234567812345678".utf8)

    /// Overwrites `bytes` with zeros in a way the optimiser cannot remove.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }

    // MARK: PEM

    /// Parses `pem`, which must be exactly one PEM block labelled `label` with nothing but
    /// whitespace around it, and returns the decoded DER bytes.
    ///
    /// OpenSSL's reader takes the first block and ignores everything else, so a file holding
    /// two keys would silently use the first; the text is therefore checked here first.
    ///
    /// - Throws: `.invalidKey` if there is no PEM block, more than one, text other than
    ///   whitespace outside it, or the label differs.
    static func decodePEM(_ pem: String, label: String) throws(CryptoError) -> [UInt8] {
        let text = try singlePEMBlock(in: Array(pem.utf8), label: label)
        let parsed: (label: String, der: [UInt8])? = text.withUnsafeBytes { raw in
            guard raw.count > 0, raw.count <= Int(Int32.max),
                let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count))
            else { return nil }
            defer { BIO_free(bio) }
            var name: UnsafeMutablePointer<CChar>?
            var header: UnsafeMutablePointer<CChar>?
            var data: UnsafeMutablePointer<UInt8>?
            var length = 0
            guard PEM_read_bio(bio, &name, &header, &data, &length) == 1, let name, let data else {
                return nil
            }
            defer {
                CLedger_OPENSSL_free(name)
                CLedger_OPENSSL_free(header)
                CLedger_OPENSSL_clear_free(data, length)
            }
            return (String(cString: name), Array(UnsafeBufferPointer(start: data, count: length)))
        }
        guard let parsed else {
            throw .openSSL(.invalidKey, "no PEM \"\(label)\" block found")
        }
        guard parsed.label == label else {
            var reason = "expected a PEM \"\(label)\" block, found \"\(parsed.label)\""
            if parsed.label == "ENCRYPTED PRIVATE KEY" { reason += " (encrypted keys are not supported)" }
            throw CryptoError(code: .invalidKey, reason: reason)
        }
        return parsed.der
    }

    /// The one PEM block in `text`, from its `-----BEGIN ` to the end of the text.
    ///
    /// ASCII whitespace around the block is allowed (also before `-----BEGIN ` on its line);
    /// anything else is refused without being quoted, since the text may hold a private key.
    private static func singlePEMBlock(in text: [UInt8], label: String) throws(CryptoError) -> ArraySlice<UInt8> {
        let begins = occurrences(of: Array("-----BEGIN ".utf8), in: text[...])
        guard let begin = begins.first else {
            throw CryptoError(code: .invalidKey, reason: "no PEM \"\(label)\" block found")
        }
        guard begins.count == 1 else {
            throw CryptoError(
                code: .invalidKey,
                reason: "the text holds \(begins.count) PEM blocks; expected exactly one \(label)"
            )
        }
        let endLine = Array("-----END ".utf8)
        let dashes = Array("-----".utf8)
        guard let endMarker = occurrences(of: endLine, in: text[begin...]).first,
            let closing = occurrences(of: dashes, in: text[(endMarker + endLine.count)...]).first
        else {
            // An unterminated block: let OpenSSL's reader report it.
            return text[begin...]
        }
        guard text[..<begin].allSatisfy(isWhitespace), text[(closing + dashes.count)...].allSatisfy(isWhitespace) else {
            throw CryptoError(
                code: .invalidKey,
                reason: "there is text outside the PEM block; expected exactly one \(label) and nothing else"
            )
        }
        return text[begin...]
    }

    /// The start indices of the non-overlapping occurrences of `needle` in `haystack`.
    private static func occurrences(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> [Int] {
        var found: [Int] = []
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index..<index + needle.count].elementsEqual(needle) {
                found.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    /// Space, tab, line feed, vertical tab, form feed, carriage return.
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0d).contains(byte)
    }

    /// Encodes `der` as a PEM block with `label`, 64 base64 characters per line, with a
    /// trailing newline (the layout `openssl` writes).
    static func encodePEM(label: String, der: [UInt8]) -> String {
        let pem = withMemoryBIO { bio in
            der.withUnsafeBufferPointer { buffer in
                PEM_write_bio(bio, label, "", buffer.baseAddress, buffer.count) > 0
            }
        }
        guard let pem else { fatalError("PEM_write_bio failed: \(OpenSSLErrors.drain())") }
        return pem
    }

    /// Runs `body` with a fresh memory BIO (`BIO_s_secmem`, which wipes its buffer when
    /// freed) and returns the BIO's contents if `body` returned `true`.
    static func withMemoryBIO(_ body: (OpaquePointer) -> Bool) -> String? {
        guard let bio = BIO_new(BIO_s_secmem()) else { return nil }
        defer { BIO_free(bio) }
        guard body(bio) else { return nil }
        var contents: UnsafeMutablePointer<CChar>?
        let length = CLedger_BIO_get_mem_data(bio, &contents)
        guard length >= 0, let contents else { return nil }
        return contents.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    // MARK: DER

    /// Decodes a DER PKCS#8 `PrivateKeyInfo` (unencrypted). Returns an owned `EVP_PKEY`.
    ///
    /// - Throws: `.invalidKey` if the bytes are not exactly one such structure.
    static func decodePrivateKeyInfo(_ der: [UInt8]) throws(CryptoError) -> OpaquePointer {
        var pkey: OpaquePointer?
        let consumedAll: Bool = der.withUnsafeBufferPointer { buffer in
            guard
                let decoder = OSSL_DECODER_CTX_new_for_pkey(
                    &pkey, "DER", "PrivateKeyInfo", nil, CLedger_EVP_PKEY_KEYPAIR(), nil, nil
                )
            else { return false }
            defer { OSSL_DECODER_CTX_free(decoder) }
            var cursor = buffer.baseAddress
            var remaining = buffer.count
            guard OSSL_DECODER_from_data(decoder, &cursor, &remaining) == 1 else { return false }
            return remaining == 0
        }
        guard let pkey else {
            throw .openSSL(.invalidKey, "not a PKCS#8 PrivateKeyInfo")
        }
        guard consumedAll else {
            EVP_PKEY_free(pkey)
            throw .openSSL(.invalidKey, "trailing bytes after the PKCS#8 PrivateKeyInfo")
        }
        return pkey
    }

    /// Decodes a DER `SubjectPublicKeyInfo`. Returns an owned `EVP_PKEY`.
    ///
    /// - Throws: `.invalidKey` if the bytes are not exactly one such structure.
    static func decodeSubjectPublicKeyInfo(_ der: [UInt8]) throws(CryptoError) -> OpaquePointer {
        var consumed = 0
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress, buffer.count > 0 else { return nil }
            var cursor: UnsafePointer<UInt8>? = start
            let pkey = d2i_PUBKEY(nil, &cursor, buffer.count)
            if let cursor { consumed = cursor - start }
            return pkey
        }
        guard let pkey = decoded else {
            throw .openSSL(.invalidKey, "not a DER SubjectPublicKeyInfo")
        }
        guard consumed == der.count else {
            EVP_PKEY_free(pkey)
            throw CryptoError(code: .invalidKey, reason: "trailing bytes after the SubjectPublicKeyInfo")
        }
        return pkey
    }

    /// The DER `SubjectPublicKeyInfo` of `pkey` (public or private).
    static func subjectPublicKeyInfo(of pkey: OpaquePointer) throws(CryptoError) -> [UInt8] {
        let length = i2d_PUBKEY(pkey, nil)
        guard length > 0 else {
            throw .openSSL(.invalidKey, "cannot encode the public key as SubjectPublicKeyInfo")
        }
        var written: Int32 = 0
        let der = [UInt8](unsafeUninitializedCapacity: Int(length)) { buffer, count in
            var cursor = buffer.baseAddress
            written = i2d_PUBKEY(pkey, &cursor)
            count = written == length ? Int(length) : 0
        }
        guard written == length else {
            throw .openSSL(.invalidKey, "cannot encode the public key as SubjectPublicKeyInfo")
        }
        return der
    }

    /// The unencrypted PKCS#8 PEM (a "PRIVATE KEY" block) of the private key `pkey`.
    static func privateKeyPEM(of pkey: OpaquePointer) throws(CryptoError) -> String {
        let pem = withMemoryBIO { bio in
            PEM_write_bio_PrivateKey(bio, pkey, nil, nil, 0, nil, nil) == 1
        }
        guard let pem else {
            throw .openSSL(.signingFailed, "cannot encode the private key as PKCS#8 PEM")
        }
        return pem
    }

    // MARK: Generation

    /// Generates a key of OpenSSL key type `keyType` (e.g. `"ED25519"`, `"SM2"`),
    /// optionally on the named elliptic-curve `group`. Returns an owned `EVP_PKEY`.
    static func generate(keyType: String, group: String? = nil) throws(CryptoError) -> OpaquePointer {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, keyType, nil) else {
            throw .openSSL(.keyGenerationFailed, "no \(keyType) key generator")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else {
            throw .openSSL(.keyGenerationFailed, "EVP_PKEY_keygen_init(\(keyType)) failed")
        }
        if let group, EVP_PKEY_CTX_set_group_name(context, group) != 1 {
            throw .openSSL(.keyGenerationFailed, "cannot select curve \(group) for \(keyType)")
        }
        var pkey: OpaquePointer?
        guard EVP_PKEY_generate(context, &pkey) == 1, let pkey else {
            throw .openSSL(.keyGenerationFailed, "\(keyType) key generation failed")
        }
        return pkey
    }

    /// Makes an Ed25519 private key from its 32-byte RFC 8032 seed. Returns an owned
    /// `EVP_PKEY`.
    static func ed25519PrivateKey(seed: [UInt8]) throws(CryptoError) -> OpaquePointer {
        guard seed.count == 32 else {
            throw CryptoError(code: .invalidKey, reason: "an Ed25519 seed is 32 bytes, got \(seed.count)")
        }
        let pkey = seed.withUnsafeBufferPointer {
            EVP_PKEY_new_raw_private_key_ex(nil, "ED25519", nil, $0.baseAddress, 32)
        }
        guard let pkey else { throw .openSSL(.invalidKey, "cannot build an Ed25519 key from the seed") }
        return pkey
    }

    // MARK: Suite detection

    /// Determines the suite of `pkey` and returns it with the key to use from now on.
    ///
    /// Ed25519 keys and keys of type SM2 are returned unchanged. A key of type `EC`
    /// whose curve is SM2 (which OpenSSL 3 can produce, e.g. from `EC` key generation
    /// with group `SM2`) would sign as ECDSA, so it is rebuilt through the SM2 key
    /// manager (export to parameters, import as `SM2`) and the original is freed.
    ///
    /// - Parameter pkey: consumed; freed on error or when replaced.
    /// - Parameter selection: `EVP_PKEY_KEYPAIR` or `EVP_PKEY_PUBLIC_KEY`, what to keep.
    /// - Throws: `.unsupportedKeyType` for any other key type.
    static func classify(consuming pkey: OpaquePointer, selection: Int32) throws(CryptoError) -> (OpaquePointer, Suite) {
        if EVP_PKEY_is_a(pkey, "ED25519") == 1 { return (pkey, .ed25519sha256) }
        if EVP_PKEY_is_a(pkey, "SM2") == 1 { return (pkey, .sm2sm3) }
        if EVP_PKEY_is_a(pkey, "EC") == 1, groupName(of: pkey) == "SM2" {
            defer { EVP_PKEY_free(pkey) }
            return (try rebuildAsSM2(pkey, selection: selection), .sm2sm3)
        }
        let type = EVP_PKEY_get0_type_name(pkey).map { String(cString: $0) } ?? "unknown"
        let curve = groupName(of: pkey).map { " on curve \($0)" } ?? ""
        EVP_PKEY_free(pkey)
        OpenSSLErrors.clear()
        throw CryptoError(
            code: .unsupportedKeyType,
            reason: "unsupported key type \(type)\(curve); expected ED25519 or SM2"
        )
    }

    /// The elliptic-curve group name of `pkey` (e.g. `"SM2"`, `"prime256v1"`), or `nil`.
    static func groupName(of pkey: OpaquePointer) -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 80) { buffer in
            var length = 0
            guard
                EVP_PKEY_get_utf8_string_param(
                    pkey, OSSL_PKEY_PARAM_GROUP_NAME, buffer.baseAddress, buffer.count, &length
                ) == 1
            else {
                OpenSSLErrors.clear()
                return nil
            }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// Exports `pkey` to parameters and imports them with the SM2 key manager.
    /// Does not free `pkey`; returns a new owned `EVP_PKEY`.
    private static func rebuildAsSM2(_ pkey: OpaquePointer, selection: Int32) throws(CryptoError) -> OpaquePointer {
        var params: UnsafeMutablePointer<OSSL_PARAM>?
        guard EVP_PKEY_todata(pkey, selection, &params) == 1, let params else {
            throw .openSSL(.invalidKey, "cannot export the EC key on curve SM2")
        }
        defer { OSSL_PARAM_free(params) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "SM2", nil) else {
            throw .openSSL(.invalidKey, "no SM2 key manager")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var sm2: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
            EVP_PKEY_fromdata(context, &sm2, selection, params) == 1,
            let sm2
        else {
            throw .openSSL(.invalidKey, "cannot import the EC key on curve SM2 as an SM2 key")
        }
        return sm2
    }
}
