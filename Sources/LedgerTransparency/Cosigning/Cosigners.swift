import LedgerCore
import LedgerCrypto

/// Who may cosign a ledger's checkpoints and under which key name (FORMAT.md §12.4): one rule for the
/// inspector that cosigns, for `ledger verify --checkpoint` and for bundles.
public enum CheckpointCosigners {
    /// An inspector's cosignature key name: the checkpoint's origin, `/`, the inspector's department
    /// code (e.g. `accountability-ledger/pingjiang-2023/XJW`).
    public static func name(origin: String, department: String) -> String { origin + "/" + department }

    /// One inspector key as a cosignature verifier.
    public struct Cosigner: Sendable {
        public let verifier: NoteVerifier
        public let department: String
        /// The key id of FORMAT.md §2.3.
        public let keyID: String
    }

    /// Every `inspector` key the registry has enrolled (whatever its status now: a cosignature made
    /// while it was active stays a cosignature), as verifiers of cosignatures on `origin`'s checkpoints.
    public static func cosigners(registry: KeyRegistry, origin: String) throws(TransparencyError) -> [Cosigner] {
        var result: [Cosigner] = []
        for entry in registry.keys.values.sorted(by: { $0.enrolledAt < $1.enrolledAt || ($0.enrolledAt == $1.enrolledAt && $0.id < $1.id) })
        where entry.role == .inspector {
            let verifier = try NoteVerifier(
                name: name(origin: origin, department: entry.department), type: .cosignature(entry.key.suite), key: entry.key)
            result.append(Cosigner(verifier: verifier, department: entry.department, keyID: entry.id))
        }
        return result
    }

    /// A verified cosignature: who, and the time it claims.
    public struct Verified: Sendable, Equatable {
        public let department: String
        public let keyID: String
        /// POSIX seconds.
        public let timestamp: UInt64
    }

    /// The cosignatures on `checkpoint` by the registry's inspector keys; a cosignature line under an
    /// inspector's name and key id that does not verify is an error (C2SP), lines by other keys are
    /// ignored.
    public static func verified(_ checkpoint: SignedCheckpoint, registry: KeyRegistry) throws(TransparencyError) -> [Verified] {
        let known = try cosigners(registry: registry, origin: checkpoint.checkpoint.origin)
        return try checkpoint.cosignatures(by: known.map(\.verifier)).map { found in
            let who = known.first { $0.verifier == found.cosigner }!
            return Verified(department: who.department, keyID: who.keyID, timestamp: found.timestamp)
        }
    }
}
