import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerStore
import LedgerTestSupport
import Testing

/// ``LedgerDirectory/extend(_:)``: what `ledger-server` does after each append instead of replaying the
/// whole log must give exactly what a full replay gives.
@Suite("Extending a projection with the records appended since", .temporaryDirectory)
struct IncrementalProjectionTests {
    /// The projected state as bytes (the snapshot encoding covers every field of the projector).
    static func bytes(_ projection: Projection) throws -> [UInt8] {
        let projector = projection.projector
        let suite = try #require(projector.suite)
        return projector.snapshot(suite: suite, head: projector.head, recordCount: projector.recordCount)
    }

    /// The demo's year of mixed records (plan, assignments, progress, 销号 and 延期 requests, findings,
    /// key changes), and a ledger `g` holding its first `count` lines.
    static func growing(_ cli: CLI, first count: Int) throws -> (lines: [Data], log: URL, directory: LedgerDirectory) {
        try cli.ok(["demo", "--dir", "d", "--suite", "ed25519-sha256", "--quiet"])
        let lines = try Data(contentsOf: URL(fileURLWithPath: cli.path("d/ledger/log.jsonl"))).split(separator: 0x0A).map { Data($0) + [0x0A] }
        try FileManager.default.createDirectory(atPath: cli.path("g"), withIntermediateDirectories: true)
        let log = URL(fileURLWithPath: cli.path("g/log.jsonl"))
        try lines.prefix(count).reduce(Data(), +).write(to: log)
        return (lines, log, try LedgerDirectory(path: cli.path("g")))
    }

    @Test("a projection extended in uneven steps over a year of mixed records equals a full replay after every step")
    func extendedEqualsReplay() throws {
        let cli = try CLI()
        let (lines, log, directory) = try Self.growing(cli, first: 40)
        try #require(lines.count > 300, "the demo ledger should hold a year of records")
        let options = ProjectionOptions()
        var projection = try directory.project(cut: .end, options: options)
        var written = 40
        var step = 1
        while written < lines.count {
            // Appended to the same file, as an appender does: 1, 2, 3, … records at a time.
            let next = min(lines.count, written + step)
            let handle = try FileHandle(forWritingTo: log)
            try handle.seekToEnd()
            try handle.write(contentsOf: lines[written..<next].reduce(Data(), +))
            try handle.close()
            written = next
            step += 1
            projection = try directory.extend(projection)
            let replay = try directory.project(cut: .end, options: options, useSnapshots: false)
            #expect(projection.projector.recordCount == written)
            #expect(try Self.bytes(projection) == Self.bytes(replay), "after \(written) records")
            #expect(projection.state == replay.state, "after \(written) records")
            #expect(projection.resumePoint?.offset == replay.resumePoint?.offset)
        }
    }

    @Test("a log that does not continue the projection is projected afresh, not folded onto it")
    func rewrittenLogReplayed() throws {
        let cli = try CLI()
        let (lines, log, directory) = try Self.growing(cli, first: 120)
        let options = ProjectionOptions()
        let stale = try directory.project(cut: .end, options: options)
        // The log now holds fewer records than the projection covered, then more than it.
        try lines.prefix(60).reduce(Data(), +).write(to: log)
        let shorter = try directory.extend(stale)
        #expect(shorter.projector.recordCount == 60)
        #expect(try Self.bytes(shorter) == Self.bytes(try directory.project(cut: .end, options: options, useSnapshots: false)))
        try lines.prefix(200).reduce(Data(), +).write(to: log)
        let longer = try directory.extend(stale)
        #expect(longer.projector.recordCount == 200)
        #expect(try Self.bytes(longer) == Self.bytes(try directory.project(cut: .end, options: options, useSnapshots: false)))
        // A projection to a past record has nothing to extend: extending it projects to the end.
        let past = try directory.project(cut: .record(10), options: options)
        #expect(past.resumePoint == nil)
        #expect(try directory.extend(past).projector.recordCount == 200)
    }

    /// A ledger with snapshots and records after the newest one that the admission cache covers: a
    /// projection to the end takes the path after the newest snapshot, starting from the cache.
    static func snapshotted() throws -> (cli: CLI, directory: LedgerDirectory, snapshot: Int) {
        let cli = try ProjectionCommandTests.ledgerWithHistory()
        try cli.ok(["snapshot", "create", "-L", "L", "--every", "2"])
        let snapshot = try #require(try FileManager.default.contentsOfDirectory(atPath: cli.path("L/snapshots")).compactMap { Int($0.prefix(12)) }.max())
        for day in 5...8 { try progress(cli, percent: 80 + day, day: day) }
        return (cli, try LedgerDirectory(path: cli.path("L")), snapshot)
    }

    /// Appends a progress report through the real `ledger` binary (whose appender writes the admission cache).
    static func progress(_ cli: CLI, percent: Int, day: Int) throws {
        try cli.ok([
            "append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "\(percent)",
            "--accepted-at", String(format: "2024-02-%02dT00:00:00Z", day),
        ])
    }

    /// The log's lines (without their newlines).
    static func lines(_ cli: CLI) throws -> [Data] {
        try cli.read("L/log.jsonl").split(separator: 0x0A).map { Data($0) }
    }

    @Test(
        "a projection after the newest snapshot, from the admission cache, extends over later appends to what a full replay gives, reading only the new records"
    )
    func extendsFromSnapshotTail() throws {
        let (cli, directory, snapshot) = try Self.snapshotted()
        let options = ProjectionOptions()
        var projection = try directory.project(cut: .end, options: options)
        #expect(projection.snapshotUsed != nil)
        let point = try #require(projection.resumePoint, "a projection to the end after the newest snapshot can be extended")
        #expect(point.usesAdmissionCache)
        for day in 10...12 { try Self.progress(cli, percent: 80 + day, day: day) }
        projection = try directory.extend(projection)
        let replay = try directory.project(cut: .end, options: options, useSnapshots: false)
        #expect(projection.projector.recordCount == replay.projector.recordCount)
        #expect(try Self.bytes(projection) == Self.bytes(replay))
        #expect(projection.state == replay.state)
        #expect(projection.resumePoint?.offset == replay.resumePoint?.offset)
        #expect(projection.resumePoint?.usesAdmissionCache == true)

        // Extending reads only what was appended: a record between the snapshot and the cache, changed in
        // place (same length), breaks every projection that reads it, but not the extension.
        let original = try cli.read("L/log.jsonl")
        var lines = try Self.lines(cli)
        let changed = snapshot + 1
        let marker = try #require(lines[changed].range(of: Data("\"sig\":\"".utf8)))
        lines[changed][marker.upperBound] = lines[changed][marker.upperBound] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try lines.map { $0 + [0x0A] }.reduce(Data(), +).write(to: URL(fileURLWithPath: cli.path("L/log.jsonl")))
        #expect(try cli.read("L/log.jsonl").count == original.count)
        try Self.progress(cli, percent: 99, day: 20)
        let extended = try directory.extend(projection)
        #expect(extended.projector.recordCount == replay.projector.recordCount + 1)
        #expect(throws: ProjectionError.self) { try directory.project(cut: .end, options: options) }
        #expect(throws: ProjectionError.self) { try directory.project(cut: .end, options: options, useSnapshots: false) }
        // With the record put back, the extension is exactly the full replay.
        let appended = try cli.read("L/log.jsonl").suffix(from: original.count)
        try (original + appended).write(to: URL(fileURLWithPath: cli.path("L/log.jsonl")))
        #expect(try Self.bytes(extended) == Self.bytes(try directory.project(cut: .end, options: options, useSnapshots: false)))
    }

    @Test(
        "extending refuses a record that repeats the statement id of an earlier one, in the cache's buckets or verified after the cache, as a full verification does",
        arguments: [true, false])
    func extendRefusesRepeatedStatement(coveredByCache: Bool) throws {
        let (cli, directory, snapshot) = try Self.snapshotted()
        if !coveredByCache {
            // A record the cache does not cover (as after a crash between the log's sync and the cache's).
            let cacheBefore = try cli.read("L/cache/admission")
            try Self.progress(cli, percent: 99, day: 9)
            try cacheBefore.write(to: URL(fileURLWithPath: cli.path("L/cache/admission")))
        }
        let lines = try Self.lines(cli)
        let records = lines.count
        // The repeated statement: a progress report the cache covers (after the snapshot, so only linked
        // when projecting), or the last record, verified after the cache.
        let repeated = coveredByCache ? snapshot + 1 : records - 1
        let options = ProjectionOptions()
        let projection = try directory.project(cut: .end, options: options)
        #expect(projection.snapshotUsed != nil)
        #expect(projection.resumePoint?.usesAdmissionCache == true)

        // Sealed by the office's key directly, since an appender refuses it.
        let suite = Suite.ed25519sha256
        let statement = try Record(line: Array(lines[repeated]), expectedSeq: repeated).signed
        let office = try SigningKey.load(contentsOfFile: cli.path("office.key"))
        let forged = try Record(
            seq: records, prev: Record.hash(line: Array(lines[records - 1]), suite: suite), accepted: Timestamp("2024-03-01T00:00:00Z")!,
            signed: statement, sealer: office)
        try (cli.read("L/log.jsonl") + forged.line + [0x0A]).write(to: URL(fileURLWithPath: cli.path("L/log.jsonl")))

        let failure = try Verifier.verify(directory.ledger).failure
        #expect(failure?.code == .duplicateStatement && failure?.seq == records, "\(String(describing: failure))")
        let error = #expect(throws: ProjectionError.self) { try directory.extend(projection) }
        guard case .verificationFailed(let refusal)? = error else { Issue.record("expected a refused record, got \(String(describing: error))"); return }
        #expect(refusal.code == .duplicateStatement && refusal.seq == records, "\(refusal)")
    }
}
