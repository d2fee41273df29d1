internal import COpenSSL

/// A cryptographic suite: one signature algorithm paired with one hash function.
///
/// The raw value is the stable name recorded in the ledger (`"sm2-sm3"`,
/// `"ed25519-sha256"`); it never changes once published.
public enum Suite: String, Sendable, CaseIterable, Codable {
    /// SM2 signatures (GB/T 32918) over SM3, with the GM/T 0009 default signer ID
    /// `"1234567812345678"`; SM3 (GB/T 32905) for every hash.
    case sm2sm3 = "sm2-sm3"

    /// Pure Ed25519 signatures (RFC 8032) and SHA-256 for every hash.
    case ed25519sha256 = "ed25519-sha256"

    /// The lowercase name of the suite's hash function: `"sm3"` or `"sha256"`.
    public var hashName: String {
        switch self {
        case .sm2sm3: "sm3"
        case .ed25519sha256: "sha256"
        }
    }

    /// The length in bytes of every digest this suite produces (32 for both suites).
    public var digestByteCount: Int { 32 }

    /// The suite's hash function, fetched from OpenSSL once per process.
    var digest: FetchedDigest {
        switch self {
        case .sm2sm3: FetchedDigest.sm3
        case .ed25519sha256: FetchedDigest.sha256
        }
    }

    /// Hashes `bytes` with the suite's hash function and returns the 32-byte digest.
    ///
    /// Never throws: the only possible failure is OpenSSL running out of memory, which
    /// traps.
    public func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// Hashes the bytes in `buffer` with the suite's hash function and returns the
    /// 32-byte digest.
    ///
    /// Never throws: the only possible failure is OpenSSL running out of memory, which
    /// traps.
    public func hash(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        let md = digest.md
        return [UInt8](unsafeUninitializedCapacity: Int(EVP_MAX_MD_SIZE)) { output, count in
            var length: UInt32 = 0
            let ok = EVP_Digest(buffer.baseAddress, buffer.count, output.baseAddress, &length, md, nil)
            guard ok == 1 else {
                fatalError("EVP_Digest(\(hashName)) failed: \(OpenSSLErrors.drain())")
            }
            count = Int(length)
        }
    }
}

extension Suite {
    /// Hashes `prefix` followed by the bytes in `buffer` (an RFC 6962 leaf hash when `prefix` is 0x00)
    /// into `output`, which must hold 32 bytes: nothing is copied or allocated on the Swift side, which
    /// matters when every record of a log is hashed once.
    ///
    /// Never throws: the only possible failure is OpenSSL running out of memory, which traps.
    public func hash(prefix: UInt8, _ buffer: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= digestByteCount)
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: \(OpenSSLErrors.drain())") }
        defer { EVP_MD_CTX_free(context) }
        var first = prefix
        var length: UInt32 = 0
        guard EVP_DigestInit_ex2(context, digest.md, nil) == 1, EVP_DigestUpdate(context, &first, 1) == 1,
            buffer.isEmpty || EVP_DigestUpdate(context, buffer.baseAddress, buffer.count) == 1,
            EVP_DigestFinal_ex(context, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length) == 1, Int(length) == digestByteCount
        else { fatalError("\(hashName) failed: \(OpenSSLErrors.drain())") }
    }
}

/// A digest algorithm fetched from OpenSSL's default provider once per process.
///
/// `@unchecked Sendable`: the `EVP_MD` is immutable after `EVP_MD_fetch` and OpenSSL 3
/// documents fetched algorithm objects as safe to share between threads. It is
/// deliberately never freed: the two instances live for the whole process.
struct FetchedDigest: @unchecked Sendable {
    /// The fetched `EVP_MD *`, owned by this process-lifetime value.
    let md: OpaquePointer

    /// SM3 (GB/T 32905).
    static let sm3 = FetchedDigest(fetching: "SM3")

    /// SHA-256 (FIPS 180-4).
    static let sha256 = FetchedDigest(fetching: "SHA256")

    private init(fetching name: String) {
        guard let md = EVP_MD_fetch(nil, name, nil) else {
            fatalError("OpenSSL cannot provide digest \(name): \(OpenSSLErrors.drain())")
        }
        precondition(EVP_MD_get_size(md) == 32, "\(name) is expected to produce 32-byte digests")
        self.md = md
    }
}
