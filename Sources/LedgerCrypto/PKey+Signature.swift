internal import COpenSSL

extension PKey {
    /// Initialises `context` (a fresh `EVP_MD_CTX`) for a one-shot `EVP_DigestSign` or
    /// `EVP_DigestVerify` with `key` under `suite`. On failure returns `false` and leaves
    /// the error queue for the caller to drain or clear.
    ///
    /// The `EVP_PKEY_CTX` that the init creates is owned by `context` and freed with it.
    static func initialiseSignatureContext(
        _ context: OpaquePointer, key: OpaquePointer, suite: Suite, signing: Bool
    ) -> Bool {
        switch suite {
        case .ed25519sha256:
            // Pure Ed25519: no digest; the message goes to the one-shot call.
            return signing
                ? EVP_DigestSignInit(context, nil, nil, nil, key) == 1
                : EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1
        case .sm2sm3:
            var keyContext: OpaquePointer?
            let md = FetchedDigest.sm3.md
            let initialised =
                signing
                ? EVP_DigestSignInit(context, &keyContext, md, nil, key) == 1
                : EVP_DigestVerifyInit(context, &keyContext, md, nil, key) == 1
            guard initialised, let keyContext else { return false }
            // The SM2 "Z" value (which hashes the signer ID) is computed lazily on the
            // first update, so setting the ID right after init is in time. The ID is
            // copied by OpenSSL.
            return sm2DistinguishingID.withUnsafeBytes {
                EVP_PKEY_CTX_set1_id(keyContext, $0.baseAddress, Int32($0.count)) == 1
            }
        }
    }
}
