internal import COpenSSL

/// An incremental (streaming) hash over a suite's hash function.
///
/// Feed data with ``update(_:)-(UnsafeRawBufferPointer)`` as it arrives, then call
/// ``finalize()`` once. The type is non-copyable and `finalize()` consumes it, so a
/// hasher cannot be finalised twice or updated afterwards.
///
/// Named `DigestStream` rather than `Hasher` so it never shadows `Swift.Hasher` in `hash(into:)`.
///
/// `@unchecked Sendable`: the digest context is uniquely owned (the type is
/// non-copyable, `update` is `mutating`, `finalize` is `consuming`), so it is only ever
/// touched by whichever task currently owns the hasher.
public struct DigestStream: ~Copyable, @unchecked Sendable {
    /// The `EVP_MD_CTX *`, owned by this value and freed in `deinit`.
    private let context: OpaquePointer

    /// The suite whose hash function this hasher computes.
    public let suite: Suite

    /// Starts a new hash computation with `suite`'s hash function.
    ///
    /// Traps only if OpenSSL cannot allocate a digest context.
    public init(suite: Suite) {
        guard let context = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed: \(OpenSSLErrors.drain())")
        }
        guard EVP_DigestInit_ex2(context, suite.digest.md, nil) == 1 else {
            EVP_MD_CTX_free(context)
            fatalError("EVP_DigestInit_ex2(\(suite.hashName)) failed: \(OpenSSLErrors.drain())")
        }
        self.context = context
        self.suite = suite
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Appends the bytes in `bytes` to the data being hashed.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        guard EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 else {
            fatalError("EVP_DigestUpdate(\(suite.hashName)) failed: \(OpenSSLErrors.drain())")
        }
    }

    /// Appends `bytes` to the data being hashed.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Finishes the computation and returns the 32-byte digest, consuming the hasher.
    public consuming func finalize() -> [UInt8] {
        let context = self.context
        let name = suite.hashName
        return [UInt8](unsafeUninitializedCapacity: Int(EVP_MAX_MD_SIZE)) { output, count in
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, output.baseAddress, &length) == 1 else {
                fatalError("EVP_DigestFinal_ex(\(name)) failed: \(OpenSSLErrors.drain())")
            }
            count = Int(length)
        }
    }
}
