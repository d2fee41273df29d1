import Foundation
import LedgerCore
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
}
