import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// `ledger checkpoint` resumes from the publishing state it keeps in `cache/checkpoint/` (FORMAT.md
/// §12.5) and falls back to verifying the whole log when that state cannot be trusted.
@Suite("Publishing checkpoints from the kept state", .temporaryDirectory)
struct CheckpointPublishingTests {
    static func publish(_ cli: CLI, directory: String = "L") throws -> String {
        try cli.ok(["checkpoint", "-L", directory, "--operator-key", "office.key"]).stderr
    }

    @Test("after the first checkpoint only the new records are checked, and the checkpoint is the one a full pass signs")
    func resumes() throws {
        let cli = try TransparencyCommandTests.checkpointed()
        #expect(FileManager.default.fileExists(atPath: cli.path("L/cache/checkpoint/state")))
        #expect(FileManager.default.fileExists(atPath: cli.path("L/cache/checkpoint/ids")))
        #expect(try cli.read("L/cache/checkpoint/ids").count == 6 * 16)
        try TransparencyCommandTests.progress(cli, task: "1.6", percent: "40", at: "2023-04-02T00:00:00Z")
        try FileManager.default.copyItem(atPath: cli.path("L"), toPath: cli.path("F"))
        try FileManager.default.removeItem(atPath: cli.path("F/cache/checkpoint"))

        let resumed = try Self.publish(cli)
        #expect(resumed.contains("checkpoint of 7 records") && resumed.contains("records 6… checked from the publishing state"), "\(resumed)")
        let full = try Self.publish(cli, directory: "F")
        #expect(full.contains("the whole log verified") && full.contains("there is no publishing state yet"), "\(full)")
        // Ed25519 signatures are deterministic: the same tree gives the same bytes.
        #expect(try cli.read("L/checkpoint") == cli.read("F/checkpoint"))
        try cli.ok(["verify", "-L", "L", "--checkpoint", "L/checkpoint"])
        #expect(try cli.read("L/cache/checkpoint/ids") == cli.read("F/cache/checkpoint/ids"))

        let unchanged = try Self.publish(cli)
        #expect(unchanged.contains("no record since the latest checkpoint"), "\(unchanged)")
        // A statement id already in the log is still refused by the resumed checks: the ids are restored.
        try TransparencyCommandTests.progress(cli, task: "1.6", percent: "50", at: "2023-04-03T00:00:00Z")
        let again = try Self.publish(cli)
        #expect(again.contains("records 7… checked from the publishing state"), "\(again)")
    }

    @Test("a missing, forged or stale publishing state costs a full pass, never a laxer one, and is written anew")
    func fallsBack() throws {
        let cli = try TransparencyCommandTests.checkpointed()
        var day = 2
        func grow() throws {
            try TransparencyCommandTests.progress(cli, task: "1.6", percent: "\(30 + day)", at: "2023-04-\(String(format: "%02d", day))T00:00:00Z")
            day += 1
        }
        func expectFullPass(_ why: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try grow()
            let text = try Self.publish(cli)
            #expect(text.contains("the whole log verified") && text.contains(why), "\(text)", sourceLocation: sourceLocation)
            try grow()
            let next = try Self.publish(cli)
            #expect(next.contains("checked from the publishing state"), "the state is written anew: \(next)", sourceLocation: sourceLocation)
        }

        // Missing.
        try FileManager.default.removeItem(atPath: cli.path("L/cache/checkpoint"))
        try expectFullPass("there is no publishing state yet")

        // Forged: its size edited (the signature no longer verifies), or signed by another key.
        let state = String(decoding: try cli.read("L/cache/checkpoint/state"), as: UTF8.self)
        let size = try #require(state.firstRange(of: /"size":\d+/))
        try cli.write("L/cache/checkpoint/state", state.replacingCharacters(in: size, with: "\"size\":6"))
        try expectFullPass("is not signed by this operator key")

        // Its ids file edited.
        var ids = [UInt8](try cli.read("L/cache/checkpoint/ids"))
        ids[20] ^= 0xFF
        try Data(ids).write(to: URL(fileURLWithPath: cli.path("L/cache/checkpoint/ids")))
        try expectFullPass("ids digest")

        // Stale: the state of an older checkpoint put back.
        try FileManager.default.copyItem(atPath: cli.path("L/cache/checkpoint"), toPath: cli.path("old-state"))
        try grow()
        _ = try Self.publish(cli)
        try FileManager.default.removeItem(atPath: cli.path("L/cache/checkpoint"))
        try FileManager.default.copyItem(atPath: cli.path("old-state"), toPath: cli.path("L/cache/checkpoint"))
        try expectFullPass("not of the latest")
        try cli.ok(["verify", "-L", "L", "--checkpoint", "L/checkpoint"])
    }

    @Test("a log cut below the kept state, and one cut and regrown, are refused by the full pass the publisher falls back to")
    func truncatedBelowTheState() throws {
        let cli = try TransparencyCommandTests.checkpointed()
        try TransparencyCommandTests.truncate(cli, to: 5)
        let cut = try cli.run(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        #expect(cut.status == 1 && cut.stderr.contains("it was truncated"), "\(cut.stderr)")
        try TransparencyCommandTests.progress(cli, task: "1.6", percent: "10", at: "2023-04-01T00:00:00Z")
        try TransparencyCommandTests.progress(cli, task: "1.6", percent: "20", at: "2023-04-02T00:00:00Z")
        let refused = try cli.run(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        #expect(refused.status == 1 && refused.stderr.contains("the log was rewritten"), "\(refused.stderr)")
    }
}
