import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// The 督办 workflow through the real binary: who may apply, what the office may decide and when, an
/// inspector's finding answered and closed, and the refusals that leave the log byte-identical.
@Suite("The workflow through the CLI", .temporaryDirectory)
struct WorkflowCommandTests {
    static let office = ["--key", "office.key"]
    static let digest = ["--evidence-digest", "验收.pdf=" + String(repeating: "ab", count: 32)]

    /// The small ledger (task 1.6 led by SWLSJ with KGXJ) with an inspector, JW, enrolled.
    static func ledger() throws -> CLI {
        let cli = try CLI.smallLedger()
        try cli.ok(["key", "generate", "--suite", "ed25519-sha256", "--out", "jw"])
        try cli.ok(["key", "enroll", "jw.pub", "--dept", "JW", "--name", "纪委监委", "--role", "inspector", "-L", "L", "--key", "office.key"])
        return cli
    }

    /// Runs `args`, expects exit 2 with `expected` in the message and the log unchanged.
    static func refused(_ cli: CLI, _ args: [String], _ expected: String) throws {
        let before = try cli.read("L/log.jsonl")
        let result = try cli.run(args)
        #expect(result.status == 2, "\(args): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(args): \(result.stderr)")
        #expect(try cli.read("L/log.jsonl") == before)
    }

    static func task(_ cli: CLI, _ id: String) throws -> JSONValue? {
        let state = try JSONValue.parse(try cli.ok(["state", "-L", "L", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        return state["tasks"]?.arrayValue?.first { $0["id"]?.stringValue == id }
    }

    @Test("a unit applies, the office returns it, the unit applies again and the office closes it (办结); nobody else may")
    func closing() throws {
        let cli = try Self.ledger()
        let unit = ["-L", "L", "--operator-key", "office.key", "--task", "1.6"]
        try Self.refused(cli, ["append", "close-requested", "--key", "kgxj.key"] + unit + Self.digest, "may not apply to close task 1.6")
        try Self.refused(cli, ["append", "close-approved", "-L", "L", "--task", "1.6", "--note", "同意"] + Self.office, "no open application")
        try Self.refused(cli, ["append", "close-approved", "--key", "swlsj.key", "--note", "同意"] + unit, "only an operator key")
        try cli.ok(["append", "close-requested", "--key", "swlsj.key", "--note", "申请销号"] + unit + Self.digest)
        try Self.refused(cli, ["append", "close-requested", "--key", "swlsj.key"] + unit + Self.digest, "already has an application")
        #expect(try Self.task(cli, "1.6")?["status"]?.stringValue == "close-requested")
        try cli.ok(["append", "close-returned", "-L", "L", "--task", "1.6", "--reason", "佐证材料不全"] + Self.office)
        #expect(try Self.task(cli, "1.6")?["status"]?.stringValue == "in-progress")
        try cli.ok(["append", "close-requested", "--key", "swlsj.key"] + unit + Self.digest)
        try cli.ok(["append", "close-approved", "-L", "L", "--task", "1.6", "--note", "材料齐全，同意销号"] + Self.office)
        let task = try Self.task(cli, "1.6")
        #expect(task?["status"]?.stringValue == "closed")
        #expect(task?["workflow"]?["returned"]?.intValue == 1)
        let report = try cli.ok(["report", "-L", "L"]).stdout
        #expect(report.contains("办结（退回1次）"))
        #expect(try cli.ok(["verify", "-L", "L"]).status == 0)
    }

    @Test("an inspector's finding: its id is the statement id, the unit rectifies, the inspector closes it; the audit view lists it")
    func finding() throws {
        let cli = try Self.ledger()
        let opened = try cli.ok([
            "append", "finding-opened", "-L", "L", "--key", "jw.key", "--operator-key", "office.key", "--task", "1.6", "--text", "台账与实际不符",
            "--severity", "较重", "--deadline", "2024-06-30", "--json",
        ])
        let id = try #require(try JSONValue.parse(opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines))[0]?["statement"]?.stringValue)
        try Self.refused(
            cli, ["append", "finding-closed", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key", "--finding", id, "--note", "好"],
            "only an inspector key of JW")
        try cli.ok(
            ["append", "finding-rectified", "-L", "L", "--key", "kgxj.key", "--operator-key", "office.key", "--finding", id, "--note", "已整改"]
                + Self.digest)
        let audit = try cli.ok(["report", "-L", "L", "--audit"]).stdout
        #expect(audit.contains("督查发现（1）") && audit.contains("已整改待核查") && audit.contains("较重"))
        try cli.ok(["append", "finding-closed", "-L", "L", "--key", "jw.key", "--operator-key", "office.key", "--finding", id, "--note", "整改到位"])
        try Self.refused(
            cli, ["append", "finding-kept-open", "-L", "L", "--key", "jw.key", "--operator-key", "office.key", "--finding", id, "--reason", "再查"],
            "was closed by the inspector")
    }

    @Test("a unit asks for an extension and the office decides; the version 1 completed and delayed are no longer signed")
    func extensionAndOldTypes() throws {
        let cli = try Self.ledger()
        let unit = ["-L", "L", "--operator-key", "office.key", "--task", "1.6"]
        try Self.refused(cli, ["append", "extension-approved", "-L", "L", "--task", "1.6"] + Self.office, "no open extension request")
        try cli.ok(["append", "extension-requested", "--key", "kgxj.key", "--reason", "招商周期延长", "--until", "2024-03-31"] + unit)
        try cli.ok(["append", "extension-approved", "-L", "L", "--task", "1.6", "--note", "同意延期"] + Self.office)
        let task = try Self.task(cli, "1.6")
        #expect(task?["status"]?.stringValue == "delayed" && task?["deadline"]?.stringValue == "2024-03-31")
        #expect(task?["originalDeadline"]?.stringValue == "2023-12-31")
        for old in ["completed", "delayed"] {
            #expect(try cli.run(["sign", old, "--ledger-id", "pingjiang-2023", "--key", "swlsj.key", "--task", "1.6"]).status != 0)
        }
        let help = try cli.ok(["sign", "close-requested", "--help"]).stdout
        #expect(help.contains("申请销号") && help.contains("--evidence"))
    }
}
