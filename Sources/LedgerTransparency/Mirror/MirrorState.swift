import LedgerCore
import LedgerCrypto

/// What a mirror keeps between runs (FORMAT.md §12.13), in `<mirror>/mirror/`: the checkpoint it
/// verified last and the verifier state after it, so that the next run checks only the new records.
///
/// `state` is one canonical JSON line — `mirror-state` (1), `url`, `ledger`, `suite`, `size` *M*,
/// `root`, `peaks` (the right edge of the tree of *M*), `logOffset` (the byte length of the mirrored
/// log), `chain` (the §6 state after record *M* − 1, as the inspector state keeps it), `checkpoint`,
/// `ids` (`count`, `digest`) — and `ids` holds the 16-byte statement ids of records 0…*M* − 1. The
/// state is the mirror owner's own file, as trusted as the mirrored log beside it; `ids` is written and
/// synced before `state` is replaced.
struct MirrorState: Sendable {
    static let version = 1
    var url: String
    var ledgerID: String
    var suite: Suite
    var size: Int
    var root: [UInt8]
    var peaks: [[UInt8]]
    var logOffset: Int
    var chain: JSONValue
    var checkpoint: [UInt8]

    static func directory(_ mirror: String) -> String { mirror + "/mirror" }
    static func statePath(_ mirror: String) -> String { directory(mirror) + "/state" }
    static func idsPath(_ mirror: String) -> String { directory(mirror) + "/ids" }

    /// The state of the mirror in `mirror` with its statement ids; nil when the directory has none.
    static func load(_ mirror: String) throws(MirrorError) -> (state: MirrorState, ids: [UInt8])? {
        let bytes: [UInt8]?
        do { bytes = try FileIO.read(statePath(mirror)) } catch { throw .local("\(error)") }
        guard let bytes else { return nil }
        func bad(_ why: String) -> MirrorError { .local("the mirror state \(statePath(mirror)) \(why); mirror again into a new directory") }
        guard let json = try? JSONValue.parse(bytes.last == 0x0A ? Array(bytes.dropLast()) : bytes), json["mirror-state"]?.intValue == version,
            let url = json["url"]?.stringValue, let ledgerID = json["ledger"]?.stringValue,
            let suite = json["suite"]?.stringValue.flatMap(Suite.init(rawValue:)), let size = json["size"]?.intValue,
            let root = json["root"]?.stringValue.flatMap(NoteBase64.decode), let peakTexts = json["peaks"]?.arrayValue,
            let offset = json["logOffset"]?.intValue, let chain = json["chain"], let checkpoint = json["checkpoint"]?.stringValue,
            json["ids"]?["count"]?.intValue == size, let digest = json["ids"]?["digest"]?.stringValue
        else { throw bad("is damaged") }
        let peaks = peakTexts.compactMap { $0.stringValue.flatMap(NoteBase64.decode) }
        guard peaks.count == peakTexts.count else { throw bad("is damaged") }
        let all: [UInt8]?
        do { all = try FileIO.read(idsPath(mirror)) } catch { throw .local("\(error)") }
        let count = size * ChainState.statementIDByteCount
        guard let all, all.count >= count else { throw bad("covers \(size) records but its ids file has fewer") }
        let ids = Array(all.prefix(count))
        guard Hex.encode(suite.hash(ids)) == digest else { throw bad("names an ids digest its ids file does not have") }
        return (
            MirrorState(
                url: url, ledgerID: ledgerID, suite: suite, size: size, root: root, peaks: peaks, logOffset: offset, chain: chain,
                checkpoint: Array(checkpoint.utf8)), ids
        )
    }

    /// Writes the state into `mirror`: the new ids after the `previousIDs` count, synced, then the state.
    func save(_ mirror: String, previousIDs: [UInt8], newIDs: [UInt8]) throws(TransparencyError) {
        try FileIO.makeDirectories(Self.directory(mirror))
        try FileIO.append(Self.idsPath(mirror), newIDs, expectedSize: previousIDs.count)
        try FileIO.syncFile(Self.idsPath(mirror))
        let json: JSONValue = [
            "mirror-state": .number(Double(Self.version)), "url": .string(url), "ledger": .string(ledgerID), "suite": .string(suite.rawValue),
            "size": .number(Double(size)), "root": .string(NoteBase64.encode(root)), "peaks": .array(peaks.map { .string(NoteBase64.encode($0)) }),
            "logOffset": .number(Double(logOffset)), "chain": chain, "checkpoint": .string(String(decoding: checkpoint, as: UTF8.self)),
            "ids": ["count": .number(Double(size)), "digest": .string(Hex.encode(suite.hash(previousIDs + newIDs)))],
        ]
        try FileIO.writeAtomically(Self.statePath(mirror), json.canonicalBytes + [0x0A], durable: true)
    }
}

/// Why a mirror run did not update the mirror. Nothing in the mirror directory was changed.
public enum MirrorError: Error, Sendable, CustomStringConvertible {
    /// The server shows something that is not an extension of what the mirror holds, or that does not
    /// verify: a fork, a rewrite, a truncation, a bad signature, a record breaking §6 (exit 1).
    case refused(String)
    /// The server could not be asked, or answered outside the protocol.
    case server(String)
    /// The mirror directory cannot be used or written.
    case local(String)

    public var description: String {
        switch self {
        case .refused(let reason): "mirror REFUSED: \(reason); the mirror is unchanged"
        case .server(let reason): reason
        case .local(let reason): reason
        }
    }
}
