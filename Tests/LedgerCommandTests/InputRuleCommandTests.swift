import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// What the tool refuses to read: arguments and files that are not UTF-8, text with control characters,
/// files over their kind's limit. Each refusal exits 2, names what it refused and leaves the log as it was.
@Suite("Input rules of the ledger command", .temporaryDirectory)
struct InputRuleCommandTests {
    static let progress = ["append", "progress", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key", "--task", "1.6", "--percent", "5"]

    @Test("a note argument that is not UTF-8 is refused from the raw argv, not signed as U+FFFD")
    func invalidUTF8Argument() throws {
        let cli = try CLI.smallLedger()
        let before = try cli.read("L/log.jsonl")
        // bash adds `--note` with the bytes 'a', 0xFF, 'b': Foundation's Process takes only Strings.
        let refused = try cli.run(Self.progress, wrapper: ["/bin/bash", "-c", "exec \"$@\" --note $'a\\xffb'", "bash"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("argument 14"), "\(refused.stderr)")
        #expect(refused.stderr.contains("not valid UTF-8"))
        #expect(try cli.read("L/log.jsonl") == before)
    }

    @Test("a note with a control character is refused; one of several lines is signed")
    func controlCharacterInNote() throws {
        let cli = try CLI.smallLedger()
        let before = try cli.read("L/log.jsonl")
        let refused = try cli.run(Self.progress + ["--note", "一季度\u{7}"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("body.note: contains the control character U+0007"), "\(refused.stderr)")
        #expect(try cli.read("L/log.jsonl") == before)
        let signed = try cli.run([
            "sign", "progress", "--ledger-id", "pingjiang-2023", "--key", "swlsj.key", "--dept", "SWLSJ", "--task", "1.6", "--percent", "5", "--note",
            "a\u{1B}[2J",
        ])
        #expect(signed.status == 2 && signed.stdout.isEmpty, "\(signed.stderr)")
        try cli.ok(Self.progress + ["--note", "一季度\n按计划推进"])
    }

    @Test("a statement file with a byte that is not UTF-8 is refused naming the file and the line")
    func invalidUTF8StatementFile() throws {
        let cli = try CLI.smallLedger()
        let before = try cli.read("L/log.jsonl")
        let first = try cli.ok([
            "sign", "progress", "--ledger-id", "pingjiang-2023", "--key", "swlsj.key", "--dept", "SWLSJ", "--task", "1.6", "--percent", "5",
        ]).stdout
        let second = try cli.ok([
            "sign", "progress", "--ledger-id", "pingjiang-2023", "--key", "swlsj.key", "--dept", "SWLSJ", "--task", "1.6", "--percent", "6", "--note", "一季度",
        ]).stdout
        // Cut the last byte of 一 (E4 B8 80): what a Latin-1 editor or a truncation leaves.
        var bytes = [UInt8]((first + second).utf8)
        let at = try #require(bytes.firstRange(of: Array("一".utf8))).lowerBound
        bytes.remove(at: at + 2)
        try Data(bytes).write(to: URL(fileURLWithPath: cli.path("s.jsonl")))
        let refused = try cli.run(["submit", "s.jsonl", "-L", "L", "--operator-key", "office.key"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("s.jsonl: line 2:"), "\(refused.stderr)")
        #expect(try cli.read("L/log.jsonl") == before)
    }

    @Test("a batch, plan or public key file over its limit is refused naming it, and nothing changes")
    func fileLimits() throws {
        let cli = try CLI.smallLedger()
        let before = try cli.read("L/log.jsonl")
        for (name, kind) in [("big.csv", InputFile.Kind.batch), ("big-plan.json", .plan), ("big.pub", .publicKey)] {
            #expect(FileManager.default.createFile(atPath: cli.path(name), contents: Data(repeating: 0x20, count: kind.limit + 1)))
        }
        let runs = [
            ["append", "--batch", "big.csv", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key"],
            ["plan", "import", "big-plan.json", "-L", "L", "--key", "office.key"],
            ["key", "enroll", "big.pub", "--dept", "FGJ", "--name", "发改局", "-L", "L", "--key", "office.key"],
        ]
        for (args, name) in zip(runs, ["big.csv", "big-plan.json", "big.pub"]) {
            let refused = try cli.run(args)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("\(name): the") && refused.stderr.contains("larger than the limit"), "\(refused.stderr)")
        }
        #expect(try cli.read("L/log.jsonl") == before)
    }
}
