import LedgerCore
import LedgerCrypto

/// What an inspector remembers of a ledger between audits, kept on its own machine, never in the
/// ledger directory (FORMAT.md §12.9): the last checkpoint it cosigned, the right edge of that tree, and
/// the verifier's state after its last record, so the next audit checks only the records after it.
///
/// Files, under `<state directory>/<ledger id>/`:
/// - `state`: one canonical JSON line and a line with the base64 signature, by the inspector's own key,
///   of `"accountability-ledger/inspector-state/v1\n" ‖ JSON`;
/// - `ids`: the statement ids of every record the state covers, 16 bytes each in log order; the state
///   holds their count and the suite hash of those bytes.
///
/// Trust: the state is the inspector's own word. It is used only when its signature verifies with the
/// key the inspector audits with and the ids file hashes to the digest it names; anything else is
/// refused (start again with a full audit by removing the directory), never trusted. The ledger's
/// caches (admission cache, tiles) are the office's and are never used as verified state.
///
/// Durability: `ids` is appended and synced first, then `state` is replaced atomically (temporary name,
/// sync, rename, directory sync); a crash between the two leaves ids past the count, which are ignored
/// and overwritten next time.
public struct InspectorState: Sendable {
    static let version = 1
    static let signingContext: [UInt8] = Array("accountability-ledger/inspector-state/v1\n".utf8)

    public let ledgerID: String
    public let suite: Suite
    /// The inspector key's id (FORMAT.md §2.3).
    public let inspectorKeyID: String
    /// The last checkpoint the inspector cosigned, as stored (its note, with the cosignature).
    public let checkpoint: [UInt8]
    /// Its tree size and root.
    public let size: Int
    public let root: [UInt8]
    /// The right edge of that tree (``CompactRange/peaks``).
    public let peaks: [[UInt8]]
    /// Where record `size` starts in `log.jsonl`.
    public let logOffset: Int
    /// The verifier's state after record `size − 1` (``ChainState/resumableJSON``).
    public let chain: JSONValue
    /// When it cosigned (POSIX seconds).
    public let cosignedAt: UInt64

    public init(
        ledgerID: String, suite: Suite, inspectorKeyID: String, checkpoint: [UInt8], size: Int, root: [UInt8], peaks: [[UInt8]], logOffset: Int,
        chain: JSONValue, cosignedAt: UInt64
    ) {
        self.ledgerID = ledgerID
        self.suite = suite
        self.inspectorKeyID = inspectorKeyID
        self.checkpoint = checkpoint
        self.size = size
        self.root = root
        self.peaks = peaks
        self.logOffset = logOffset
        self.chain = chain
        self.cosignedAt = cosignedAt
    }

    func json(idsDigest: String) -> JSONValue {
        [
            "inspector-state": .number(Double(Self.version)), "ledger": .string(ledgerID), "suite": .string(suite.rawValue),
            "inspector": .string(inspectorKeyID), "checkpoint": .string(String(decoding: checkpoint, as: UTF8.self)),
            "size": .number(Double(size)), "root": .string(NoteBase64.encode(root)), "peaks": .array(peaks.map { .string(NoteBase64.encode($0)) }),
            "logOffset": .number(Double(logOffset)), "chain": chain, "cosignedAt": .number(Double(cosignedAt)),
            "ids": ["count": .number(Double(size)), "digest": .string(idsDigest)],
        ]
    }
}

/// Reads and writes an inspector's state for one ledger (see ``InspectorState``), and the office's own
/// publishing state (``CheckpointPublisher``, FORMAT.md §12.5): the same files and checks under another
/// directory and signing context, so the two resume the FORMAT.md §6 checks the same way.
public struct InspectorStateStore: Sendable {
    /// `<state directory>/<ledger id>` (an inspector's) or `<ledger>/cache/checkpoint` (the publisher's).
    public let directory: String
    /// What the signature covers before the JSON: says whose state it is, so one is never read as the other.
    let signingContext: [UInt8]
    /// Whose state it is, for messages: `inspector` or `operator`.
    let role: String

    public init(stateDirectory: String, ledgerID: String) {
        directory = stateDirectory + "/" + ledgerID
        signingContext = InspectorState.signingContext
        role = "inspector"
    }

    /// The publishing state of the ledger in `ledgerDirectory`, signed by the operator key that publishes.
    public static func publisher(ledgerDirectory: String) -> InspectorStateStore {
        InspectorStateStore(
            directory: ledgerDirectory + "/cache/checkpoint", signingContext: Array("accountability-ledger/checkpoint-state/v1\n".utf8), role: "operator")
    }

    init(directory: String, signingContext: [UInt8], role: String) {
        self.directory = directory
        self.signingContext = signingContext
        self.role = role
    }

    var statePath: String { directory + "/state" }
    var idsPath: String { directory + "/ids" }

    /// The state and the ids it covers; nil when the inspector has none for this ledger.
    /// - Throws: `.state` when a state exists but is not this inspector's own, intact.
    public func load(key: SigningKey, suite: Suite) throws(InspectorError) -> (state: InspectorState, ids: [UInt8])? {
        let bytes: [UInt8]?
        do { bytes = try FileIO.read(statePath) } catch { throw .state("\(error)") }
        guard let bytes else { return nil }
        func bad(_ why: String) -> InspectorError {
            .state(
                "the \(role == "inspector" ? "inspector" : "publishing") state \(statePath) \(why); it is not used (remove \(directory) to check the whole log again)"
            )
        }
        guard let split = bytes.firstIndex(of: 0x0A), bytes.last == 0x0A, split < bytes.count - 1 else { throw bad("has no signature line") }
        let body = Array(bytes[..<split])
        guard let signature = Base64.decode(String(decoding: bytes[(split + 1)..<(bytes.count - 1)], as: UTF8.self)),
            key.publicKey.isValidSignature(signature, for: signingContext + body)
        else { throw bad("is not signed by this \(role) key") }
        guard let json = try? JSONValue.parse(body), json["inspector-state"]?.intValue == InspectorState.version,
            let ledgerID = json["ledger"]?.stringValue, let suiteText = json["suite"]?.stringValue, let stateSuite = Suite(rawValue: suiteText),
            stateSuite == suite, let keyID = json["inspector"]?.stringValue, let checkpoint = json["checkpoint"]?.stringValue,
            let size = json["size"]?.intValue, let root = json["root"]?.stringValue.flatMap(NoteBase64.decode),
            let peakTexts = json["peaks"]?.arrayValue, let offset = json["logOffset"]?.intValue, let chain = json["chain"],
            let cosignedAt = json["cosignedAt"]?.intValue, json["ids"]?["count"]?.intValue == size, let digest = json["ids"]?["digest"]?.stringValue
        else { throw bad("is damaged") }
        let peaks = peakTexts.compactMap { $0.stringValue.flatMap(NoteBase64.decode) }
        guard peaks.count == peakTexts.count else { throw bad("is damaged") }
        let allIDs: [UInt8]?
        do { allIDs = try FileIO.read(idsPath) } catch { throw .state("\(error)") }
        let idBytes = size * ChainState.statementIDByteCount
        guard let allIDs, allIDs.count >= idBytes else { throw bad("covers \(size) records, but its ids file has fewer") }
        let ids = Array(allIDs.prefix(idBytes))
        guard Hex.encode(suite.hash(ids)) == digest else { throw bad("names an ids digest its ids file does not have") }
        let state = InspectorState(
            ledgerID: ledgerID, suite: stateSuite, inspectorKeyID: keyID, checkpoint: Array(checkpoint.utf8), size: size, root: root, peaks: peaks,
            logOffset: offset, chain: chain, cosignedAt: UInt64(cosignedAt))
        return (state, ids)
    }

    /// Stores `state`, whose ids are `previousIDs` (what the loaded state covered) and then `newIDs`.
    public func save(_ state: InspectorState, previousIDs: [UInt8], newIDs: [UInt8], key: SigningKey) throws(InspectorError) {
        do {
            try FileIO.makeDirectories(directory)
            try FileIO.append(idsPath, newIDs, expectedSize: previousIDs.count)
            try FileIO.syncFile(idsPath)
            let body = state.json(idsDigest: Hex.encode(state.suite.hash(previousIDs + newIDs))).canonicalBytes
            let signature: [UInt8]
            do { signature = try key.signature(for: signingContext + body) } catch {
                throw TransparencyError.store("cannot sign the state: \(error.reason)")
            }
            try FileIO.writeAtomically(statePath, body + [0x0A] + Array(Base64.encode(signature).utf8) + [0x0A], durable: true, mode: 0o600)
        } catch {
            throw .state("cannot write the state in \(directory): \(error)")
        }
    }
}
