import LedgerCore
import LedgerCrypto

/// A saved fold: the projector's full state after a number of records, so a replay can resume there.
///
/// The bytes are one RFC 8785 canonical JSON object:
///
/// | member | value |
/// | --- | --- |
/// | `snapshot` | format version, ``formatVersion`` |
/// | `projector` | ``Projector/version`` of the code that wrote it |
/// | `ledger` | the ledger id |
/// | `records` | how many records it covers (0…records−1) |
/// | `head` | hash of the last covered record |
/// | `options` | the ``ProjectionOptions`` it was made with |
/// | `projector-state` | everything the fold remembers |
/// | `digest` | lowercase hex of the suite's hash of the canonical bytes of the object without `digest` |
///
/// The digest catches edits and damage, not forgery: anyone can recompute it. Trust comes from the
/// log: the CLI replays the ledger to `records` and checks `head` before using a snapshot, and loading it
/// then applying the tail gives the same state, byte for byte, as a full replay.
public struct Snapshot: Sendable {
    /// The snapshot layout this code writes and reads.
    public static let formatVersion = 1

    /// The ledger the snapshot was made from.
    public let ledgerID: String
    /// How many records it covers: the first record to apply after loading it has this seq.
    public let recordCount: Int
    /// The hash of record `recordCount − 1`, to check against the ledger.
    public let head: String
    /// The projector, ready to apply record `recordCount`.
    public let projector: Projector

    /// Reads and checks a snapshot.
    /// - Parameters:
    ///   - bytes: the snapshot's canonical JSON (one trailing newline is allowed).
    ///   - suite: the ledger's suite, whose hash the digest uses.
    ///   - options: the options the caller projects with; a snapshot made with others is refused.
    /// - Throws: `SnapshotError`: `.malformed`, `.unsupportedFormat`, `.digestMismatch` (edited),
    ///   `.projectorVersion` (written by another projector version) or `.optionsMismatch`.
    public init(bytes: [UInt8], suite: Suite, options: ProjectionOptions) throws(SnapshotError) {
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw SnapshotError(.malformed, "not valid JSON at byte \(error.offset): \(error.reason)")
        }
        guard value.canonicalBytes == bytes, case .object(var members) = value else {
            throw SnapshotError(.malformed, "not a JSON object in RFC 8785 canonical form")
        }
        guard let format = members["snapshot"]?.intValue else { throw SnapshotError(.malformed, "\"snapshot\" must be an integer format version") }
        guard format == Snapshot.formatVersion else {
            throw SnapshotError(.unsupportedFormat, "snapshot format \(format) is not supported (this projector reads format \(Snapshot.formatVersion))")
        }
        guard let digest = members.removeValue(forKey: "digest")?.stringValue else { throw SnapshotError(.malformed, "\"digest\" must be a string") }
        let expected = Snapshot.digest(of: .object(members), suite: suite)
        guard digest == expected else {
            throw SnapshotError(
                .digestMismatch,
                "digest \(digest.prefix(16))… does not match the content (\(expected.prefix(16))… under \(suite.hashName)): the snapshot was edited or damaged")
        }
        guard let version = members["projector"]?.stringValue else { throw SnapshotError(.malformed, "\"projector\" must be a version string") }
        guard version == Projector.version else {
            let age =
                switch (Int(version), Int(Projector.version)) {
                case let (v?, current?) where v < current: "an older"
                case let (v?, current?) where v > current: "a newer"
                default: "another"
                }
            throw SnapshotError(
                .projectorVersion,
                "written by \(age) projector version (\(version); this is \(Projector.version)), whose projection may differ: rebuild the snapshot")
        }
        let decoder = JSONValueDecoder()
        let written: ProjectionOptions, fold: FoldState
        do {
            written = try decoder.decode(ProjectionOptions.self, from: members["options"] ?? .null)
        } catch {
            throw SnapshotError(.malformed, "\"options\": \(error)")
        }
        guard written == options else {
            throw SnapshotError(
                .optionsMismatch, "made with options \(Snapshot.describe(written)), this projection uses \(Snapshot.describe(options)): rebuild the snapshot")
        }
        do {
            fold = try decoder.decode(FoldState.self, from: members["projector-state"] ?? .null)
        } catch {
            throw SnapshotError(.malformed, "\"projector-state\": \(error)")
        }
        guard let ledger = members["ledger"]?.stringValue, let records = members["records"]?.intValue,
            let head = members["head"]?.stringValue, Identifier.isDigest(head)
        else { throw SnapshotError(.malformed, "\"ledger\", \"records\" and \"head\" must be a string, an integer and a 64-digit hex hash") }
        guard (fold.ledgerID ?? "") == ledger, fold.recordCount == records, fold.suite == suite || records == 0 else {
            throw SnapshotError(.malformed, "\"projector-state\" disagrees with the header (ledger, record count or suite)")
        }
        ledgerID = ledger
        recordCount = records
        self.head = head
        projector = Projector(options: options, fold: fold, head: head)
    }

    /// The suite's hash of `object`'s canonical bytes, lowercase hex.
    static func digest(of object: JSONValue, suite: Suite) -> String {
        Hex.encode(suite.hash(object.canonicalBytes))
    }

    static func describe(_ o: ProjectionOptions) -> String {
        "warningDays=\(o.warningDays), scheduleTolerance=\(JSONValue.canonicalNumber(o.scheduleTolerance)), silenceDays=\(o.silenceDays)"
    }
}

extension Projector {
    /// Restores a projector from a snapshot; see ``Snapshot/init(bytes:suite:options:)``.
    ///
    /// The restored projector's ``recordCount`` and ``head`` are the snapshot's: the caller checks the
    /// head against the ledger's record `recordCount − 1` before applying the tail.
    /// - Throws: `SnapshotError` when the snapshot is malformed, edited, from another projector version
    ///   or made with other options.
    public init(snapshot bytes: [UInt8], suite: Suite, options: ProjectionOptions) throws(SnapshotError) {
        self = try Snapshot(bytes: bytes, suite: suite, options: options).projector
    }

    /// The snapshot of this projector as canonical JSON bytes (no trailing newline).
    ///
    /// - Parameters:
    ///   - suite: the ledger's suite, whose hash makes the digest.
    ///   - head: the hash of the last applied record; must equal ``head``.
    ///   - recordCount: records applied; must equal ``recordCount``.
    /// - Precondition: `head` and `recordCount` describe the records this projector applied.
    public func snapshot(suite: Suite, head: String, recordCount: Int) -> [UInt8] {
        precondition(recordCount == fold.recordCount, "snapshot of \(fold.recordCount) records labelled as \(recordCount)")
        precondition(head == self.head, "snapshot head \(head) is not the last applied record's hash \(self.head)")
        let encoder = JSONValueEncoder()
        var members: [String: JSONValue]
        do {
            members = [
                "snapshot": .number(Double(Snapshot.formatVersion)),
                "projector": .string(Projector.version),
                "ledger": .string(fold.ledgerID ?? ""),
                "records": .number(Double(recordCount)),
                "head": .string(head),
                "options": try encoder.encode(options),
                "projector-state": try encoder.encode(fold),
            ]
        } catch {
            preconditionFailure("projector state has no JSON form: \(error)")
        }
        members["digest"] = .string(Snapshot.digest(of: .object(members), suite: suite))
        return JSONValue.object(members).canonicalBytes
    }
}
