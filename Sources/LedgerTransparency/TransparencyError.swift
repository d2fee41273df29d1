/// Everything that can go wrong building, proving, signing or checking a transparency-log artefact.
///
/// Each case carries a sentence that names what was checked and why it failed, for the command line.
/// A rejected proof, note or checkpoint is never an I/O failure: callers that only check (an inspector,
/// a department holding a receipt) switch on the case to tell "this is false" from "I could not read".
public enum TransparencyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An inclusion or consistency proof does not prove what it claims (RFC 9162 §2.1.3.2, §2.1.4.2).
    case proofRejected(String)
    /// A proof cannot be made: the sizes or index are out of range for the tree.
    case proofUnavailable(String)
    /// A signed note is not in the C2SP signed-note form (https://c2sp.org/signed-note).
    case malformedNote(String)
    /// A note's signature by a known key does not verify, or no known key signed it.
    case signatureRejected(String)
    /// A note's text is not a C2SP tlog-checkpoint body.
    case malformedCheckpoint(String)
    /// A note key (vkey, key name, public key) is not usable.
    case malformedKey(String)
    /// A proof, receipt or checkpoint file is not in the form FORMAT.md §12 gives.
    case malformedFile(String)
    /// The ledger's log does not contain a checkpoint's tree (truncated, rewritten or forked).
    case notContained(String)
    /// A file of the tree cache or the checkpoint store could not be read or written.
    case store(String)

    public var description: String {
        switch self {
        case .proofRejected(let reason): "proof rejected: \(reason)"
        case .proofUnavailable(let reason): "no proof: \(reason)"
        case .malformedNote(let reason): "malformed signed note: \(reason)"
        case .signatureRejected(let reason): "signature rejected: \(reason)"
        case .malformedCheckpoint(let reason): "malformed checkpoint: \(reason)"
        case .malformedKey(let reason): "malformed note key: \(reason)"
        case .malformedFile(let reason): "malformed file: \(reason)"
        case .notContained(let reason): reason
        case .store(let reason): reason
        }
    }
}
