import LedgerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an inspector did not cosign (or an audit did not pass).
///
/// ``alarm(_:evidence:)`` is the one that matters most: the ledger shows a log that is not an extension
/// of the one the inspector already cosigned (truncated, rewritten, forked). Its evidence (both signed
/// checkpoints, the failed proof, the first differing record when it can be found) is on disk before
/// the error is thrown.
public enum InspectorError: Error, Sendable, CustomStringConvertible {
    /// The log or checkpoint contradicts what the inspector cosigned; evidence was written to the path.
    case alarm(String, evidence: String)
    /// A record after the cosigned checkpoint fails FORMAT.md §6, or the checkpoint does not verify.
    case verificationFailed(String)
    /// The inspector cannot audit: no checkpoint, key not an active inspector key, bad input.
    case refused(String)
    /// The inspector's own state is missing parts, not its own, or cannot be written.
    case state(String)

    public var description: String {
        switch self {
        case .alarm(let reason, let evidence): "ALARM: \(reason); evidence written to \(evidence)"
        case .verificationFailed(let reason): "audit FAILED: \(reason)"
        case .refused(let reason): reason
        case .state(let reason): reason
        }
    }
}

extension FileIO {
    /// Syncs an existing file's data to disk.
    static func syncFile(_ path: String) throws(TransparencyError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw error("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw error("fsync", path) }
    }
}
