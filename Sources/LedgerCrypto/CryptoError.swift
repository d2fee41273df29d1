/// The single error type thrown by every LedgerCrypto operation.
///
/// `code` says what kind of failure happened and is what callers should switch on;
/// `reason` is a human-readable explanation for logs and command-line output. When the
/// failure came from OpenSSL, `reason` ends with OpenSSL's own error strings, and
/// OpenSSL's thread-local error queue has been emptied so the next call starts clean.
public struct CryptoError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The category of a ``CryptoError``.
    public enum Code: Sendable, Equatable {
        /// The key material could not be parsed or is not a usable key
        /// (bad PEM, wrong PEM label, malformed DER, trailing bytes, encrypted key).
        case invalidKey
        /// The key parsed, but its algorithm is neither Ed25519 nor SM2.
        case unsupportedKeyType
        /// OpenSSL failed to generate a fresh key.
        case keyGenerationFailed
        /// OpenSSL failed to produce a signature, or to serialise a key.
        case signingFailed
        /// A private key file is readable or writable by group or others.
        case insecureKeyFile
        /// A file could not be opened, read, created or written.
        case fileIO
        /// A digest could not be computed.
        case hashFailed
    }

    /// What kind of failure this is.
    public let code: Code

    /// A human-readable explanation, including OpenSSL's error strings when relevant.
    public let reason: String

    /// Creates an error with an explicit code and reason.
    ///
    /// Library code uses ``openSSL(_:_:)`` instead when OpenSSL reported the failure.
    public init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `"<code>: <reason>"`.
    public var description: String {
        "\(code): \(reason)"
    }
}

extension CryptoError {
    /// Builds an error for a failed OpenSSL call, draining OpenSSL's error queue into
    /// the reason so that the queue is clean for the next operation on this thread.
    static func openSSL(_ code: Code, _ context: String) -> CryptoError {
        let queued = OpenSSLErrors.drain()
        return CryptoError(code: code, reason: queued.isEmpty ? context : "\(context): \(queued)")
    }
}
