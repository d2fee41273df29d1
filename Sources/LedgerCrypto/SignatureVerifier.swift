internal import COpenSSL

/// Checks many signatures in a row on one thread, keeping one initialised OpenSSL context per key.
///
/// ``VerifyingKey/isValidSignature(_:for:)`` builds a fresh `EVP_MD_CTX` for every call: OpenSSL then
/// allocates an `EVP_PKEY_CTX`, looks the signature algorithm up in its provider store (under a lock
/// every thread shares) and creates the provider's context, for each signature. A verifier checking a
/// ledger's two signatures a record does that millions of times; this type does it once per key and
/// re-initialises the context with no key (`EVP_DigestVerifyInit(ctx, NULL, md, NULL, NULL)`, as
/// `openssl speed` does between verifications), which keeps the key and the algorithm already there.
/// The check itself is the same one-shot `EVP_DigestVerify` on the same bytes; a test holds the results
/// equal to ``VerifyingKey/isValidSignature(_:for:)``'s.
///
/// SM2: the signer ID is set again after every re-initialisation, so the result never depends on whether
/// an OpenSSL version keeps it. The ID digest Z = SM3(ENTL ‖ ID ‖ curve ‖ key) is recomputed by OpenSSL
/// for each signature: it is one SM3 over ~210 bytes (about 1 µs) against ~220 µs for the SM2 check, and
/// caching it would mean hashing Z ‖ message ourselves and handing OpenSSL a bare digest — rebuilding part
/// of the SM2 scheme outside libcrypto, which this project does not do.
///
/// Not thread-safe: one instance belongs to one thread at a time (`@unchecked Sendable` so a pool can
/// hand it from one worker to the next). Keys are retained while their context is cached, so an object
/// identity is never reused for another key.
public final class SignatureVerifier: @unchecked Sendable {
    /// Contexts initialised for verification with a key, by the key's object identity.
    private var contexts: [ObjectIdentifier: (key: VerifyingKey, context: OpaquePointer)] = [:]
    /// Beyond this many keys the cache is emptied and refilled (a ledger has tens of keys, not thousands).
    private static let capacity = 256

    public init() {}

    deinit {
        for entry in contexts.values { EVP_MD_CTX_free(entry.context) }
    }

    /// Returns whether `signature` is a valid signature by `key` over `message`: exactly what
    /// ``VerifyingKey/isValidSignature(_:for:)`` returns for the same inputs.
    ///
    /// Never throws; any failure, including malformed input, is `false`, and OpenSSL's error queue is
    /// cleared so it cannot leak into later calls.
    public func isValid(_ signature: [UInt8], for message: [UInt8], by key: VerifyingKey) -> Bool {
        if key.suite == .ed25519sha256, signature.count != 64 { return false }
        func check(_ context: OpaquePointer) -> Bool {
            signature.withUnsafeBufferPointer { sig in
                message.withUnsafeBufferPointer { msg in
                    EVP_DigestVerify(context, sig.baseAddress, sig.count, msg.baseAddress, msg.count) == 1
                }
            }
        }
        // Pure Ed25519 keeps no state between one-shot calls, and OpenSSL 3.0 and 3.1 take the context as
        // the last call left it (saving the re-initialisation, ~1.5 % of a check). A version that refuses
        // a used context (later ones mark it finalised) fails the call, and the check is made again on a
        // re-initialised context below: the answer is always that of a fresh context.
        if key.suite == .ed25519sha256, let used = contexts[ObjectIdentifier(key)]?.context, check(used) { return true }
        OpenSSLErrors.clear()
        guard let context = context(for: key) else {
            OpenSSLErrors.clear()
            return false
        }
        let valid = check(context)
        if !valid { OpenSSLErrors.clear() }
        return valid
    }

    /// The context for `key`, ready for one `EVP_DigestVerify`; nil (errors left queued) if OpenSSL refuses.
    private func context(for key: VerifyingKey) -> OpaquePointer? {
        let id = ObjectIdentifier(key)
        if let cached = contexts[id]?.context {
            // Re-initialise with the key already in the context: no fetch, no new provider context.
            if reinitialise(cached, suite: key.suite) { return cached }
            // A context OpenSSL will not re-initialise is dropped and built again from the key.
            EVP_MD_CTX_free(cached)
            contexts[id] = nil
        }
        guard let context = EVP_MD_CTX_new() else { return nil }
        guard PKey.initialiseSignatureContext(context, key: key.pkey, suite: key.suite, signing: false) else {
            EVP_MD_CTX_free(context)
            return nil
        }
        if contexts.count >= Self.capacity {
            for entry in contexts.values { EVP_MD_CTX_free(entry.context) }
            contexts.removeAll(keepingCapacity: true)
        }
        contexts[id] = (key, context)
        return context
    }

    private func reinitialise(_ context: OpaquePointer, suite: Suite) -> Bool {
        switch suite {
        case .ed25519sha256:
            return EVP_DigestVerifyInit(context, nil, nil, nil, nil) == 1
        case .sm2sm3:
            var keyContext: OpaquePointer?
            guard EVP_DigestVerifyInit(context, &keyContext, FetchedDigest.sm3.md, nil, nil) == 1, let keyContext else { return false }
            return PKey.sm2DistinguishingID.withUnsafeBytes {
                EVP_PKEY_CTX_set1_id(keyContext, $0.baseAddress, Int32($0.count)) == 1
            }
        }
    }
}
