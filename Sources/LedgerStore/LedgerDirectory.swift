import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProjector

/// A ledger directory as a whole (FORMAT.md §1): the log, its admission cache, projector snapshots and
/// torn tails moved aside, with the operations a tool or a server needs on them.
///
/// | path | what | type |
/// | --- | --- | --- |
/// | `log.jsonl` | the log | ``Ledger`` (LedgerCore) |
/// | `pending-append` | an appender's intent while it writes a batch | `Ledger.Appender` |
/// | `cache/` | what an append needs, so it does not replay the log | `Ledger.Appender` |
/// | `snapshots/NNNNNNNNNNNN.json` | projector snapshots | ``snapshots()``, ``writeSnapshot(_:)`` |
/// | `torn-OFFSET.bin` | interrupted appends moved aside | ``tornFiles()`` |
///
/// It prints nothing: what a caller should tell a person comes back as values (``Projection/notes``).
public struct LedgerDirectory: Sendable {
    /// The directory of snapshots inside a ledger directory.
    public static let snapshotDirectoryName = "snapshots"

    /// The log.
    public let ledger: Ledger
    public var path: String { ledger.directory }

    /// Opens an existing ledger directory.
    /// - Throws: `LedgerError.notALedger` when it holds no log.
    public init(path: String) throws(LedgerError) {
        ledger = try Ledger(directory: path)
    }

    /// Creates a ledger directory whose record 0 is `genesis`; see ``Ledger/create(directory:genesis:operatorKey:accepted:)``.
    @discardableResult
    public static func create(
        path: String, genesis: SignedStatement, operatorKey: SigningKey, accepted: Timestamp
    ) throws(LedgerError) -> (
        LedgerDirectory, Receipt
    ) {
        let (_, receipt) = try Ledger.create(directory: path, genesis: genesis, operatorKey: operatorKey, accepted: accepted)
        return (try LedgerDirectory(path: path), receipt)
    }

    /// The rules every append runs beyond the format's: the projector's transition rules.
    public static func admissionPolicy() -> any AdmissionPolicy { Projector() }

    /// Takes the append lock and learns the log's state (from the admission cache when it can be trusted),
    /// with the projector's transition rules as admission policy.
    /// - Throws: `LedgerError`; ``LedgerDirectoryError/noGenesis`` for an empty log.
    public func appender(sealer: SigningKey, useCache: Bool = true) throws -> Ledger.Appender {
        let appender = try Ledger.Appender(ledger: ledger, sealer: sealer, policy: Self.admissionPolicy(), useCache: useCache)
        guard appender.chainState.ledgerID != nil else { throw LedgerDirectoryError.noGenesis(path) }
        return appender
    }

    // MARK: Torn tails

    /// Files of bytes `ledger recover` moved aside (`torn-OFFSET.bin`), by offset.
    public func tornFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasPrefix("torn-") && $0.hasSuffix(".bin") }.sorted().map { path + "/" + $0 }
    }

    // MARK: Snapshots

    var snapshotDirectory: String { path + "/" + Self.snapshotDirectoryName }

    /// Snapshot files, newest (most records) first.
    public func snapshots() -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: snapshotDirectory)) ?? []).filter { $0.hasSuffix(".json") }
        return names.sorted(by: >).map { snapshotDirectory + "/" + $0 }
    }

    /// Writes the projector's state as `snapshots/NNNNNNNNNNNN.json`: to a temporary name, synced, renamed,
    /// and the directory synced, so a crash leaves the old file set or the new one.
    /// - Returns: the path and the snapshot's digest.
    public func writeSnapshot(_ projector: Projector) throws -> (path: String, digest: String) {
        guard let suite = projector.suite else { throw LedgerDirectoryError.noGenesis(path) }
        let bytes = projector.snapshot(suite: suite, head: projector.head, recordCount: projector.recordCount)
        try FileManager.default.createDirectory(atPath: snapshotDirectory, withIntermediateDirectories: true)
        let target = snapshotDirectory + "/" + String(format: "%012d.json", projector.recordCount)
        try DurableFile.replace(target, with: bytes + [0x0A])
        let digest = (try? JSONValue.parse(bytes))?["digest"]?.stringValue ?? ""
        return (target, digest)
    }

    /// Reads a snapshot file made with `options` and checks it belongs to this ledger (its head is checked
    /// against the log when it is used).
    /// - Throws: `SnapshotError`.
    public func readSnapshot(_ file: String, options: ProjectionOptions) throws -> Snapshot {
        guard let data = FileManager.default.contents(atPath: file) else { throw SnapshotError(.malformed, "cannot read \(file)") }
        let (ledgerID, genesis) = try ledger.genesis()
        let snapshot = try Snapshot(bytes: [UInt8](data), suite: genesis.suite, options: options)
        guard FormatRule.same(snapshot.ledgerID, ledgerID) else {
            throw SnapshotError(.wrongLedger, "it was made from ledger \(snapshot.ledgerID), this is \(ledgerID)")
        }
        return snapshot
    }

    /// The options a snapshot file was written with, or nil when it has none readable.
    public static func snapshotOptions(_ file: String) -> ProjectionOptions? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        var bytes = [UInt8](data)
        if bytes.last == 0x0A { bytes.removeLast() }
        guard let value = try? JSONValue.parse(bytes), let options = value["options"] else { return nil }
        return ProjectionOptions(json: options)
    }

    /// Proves a snapshot file is byte-identical to what a verified replay from genesis writes.
    /// - Returns: nil when it is; else why not, in a sentence.
    /// - Throws: only when the ledger itself does not verify (``ProjectionError``) or cannot be read.
    public func checkSnapshot(_ file: String) throws -> String? {
        guard let data = FileManager.default.contents(atPath: file) else { return "cannot read the file" }
        var bytes = [UInt8](data)
        if bytes.last == 0x0A { bytes.removeLast() }
        // The snapshot's own options: a snapshot is checked as written, not against today's flags.
        guard let options = Self.snapshotOptions(file) else { return "not a snapshot (no readable options)" }
        let snapshot: Snapshot
        do {
            snapshot = try readSnapshot(file, options: options)
        } catch let error as SnapshotError {
            return error.reason
        }
        let projector = try project(cut: .record(max(0, snapshot.recordCount - 1)), options: options, useSnapshots: false).projector
        guard projector.recordCount == snapshot.recordCount else {
            return "covers \(snapshot.recordCount) records, the ledger has \(projector.recordCount)"
        }
        guard FormatRule.same(projector.head, snapshot.head) else {
            return
                "its head \(snapshot.head.prefix(16))… is not record \(snapshot.recordCount - 1) of this ledger (\(projector.head.prefix(16))…): it belongs to another history"
        }
        guard let suite = projector.suite, projector.snapshot(suite: suite, head: projector.head, recordCount: projector.recordCount) == bytes else {
            return "its state differs from a full replay of records 0…\(snapshot.recordCount - 1)"
        }
        return nil
    }
}

/// What can stop a ledger directory operation beyond the log's own errors.
public enum LedgerDirectoryError: Error, Sendable, CustomStringConvertible {
    /// The log has no genesis record.
    case noGenesis(String)

    public var description: String {
        switch self {
        case .noGenesis(let path): "the ledger in \(path) has no genesis record"
        }
    }
}
