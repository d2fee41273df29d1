import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

@Suite("The ledger command", .temporaryDirectory)
struct CommandTests {
    @Test(
        "every command has --help",
        arguments: [
            [], ["demo"], ["init"], ["key"], ["key", "generate"], ["key", "enroll"], ["key", "rotate"], ["key", "revoke"], ["key", "list"],
            ["plan", "import"], ["sign"], ["sign", "progress"], ["sign", "assigned"], ["submit"], ["append"], ["append", "progress"],
            ["sign", "close-requested"], ["sign", "close-approved"], ["sign", "close-returned"], ["sign", "reopened"], ["sign", "lead-designated"],
            ["sign", "extension-requested"], ["sign", "extension-approved"], ["sign", "extension-refused"], ["sign", "finding-opened"],
            ["sign", "finding-rectified"], ["sign", "finding-closed"], ["sign", "finding-kept-open"], ["append", "close-approved"], ["verify"], ["log"],
            ["sign", "indicator-owner-designated"], ["append", "indicator-owner-designated"],
            ["show"], ["state"], ["snapshot", "create"], ["snapshot", "verify"],
            ["report"], ["recover"],
        ])
    func help(command: [String]) throws {
        let result = try CLI().run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE"))
    }

    @Test("a department signs offline, the office submits, and the receipt names the new head", arguments: ["sm2-sm3", "ed25519-sha256"])
    func signAndSubmit(suite: String) throws {
        let cli = try CLI.smallLedger(suite: suite)
        try cli.ok([
            "sign", "progress", "--ledger-id", "pingjiang-2023", "--key", "swlsj.key", "--dept", "SWLSJ", "--task", "1.6", "--percent", "30",
            "--metric", "新增限额以上企业=12 家", "--note", "一季度", "-o", "s1.json",
        ])
        let receipt = try cli.ok(["submit", "-L", "L", "--operator-key", "office.key", "s1.json", "--json", "--accepted-at", "2023-04-01T00:00:00Z"])
        let json = try JSONValue.parse(receipt.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json[0]?["seq"]?.intValue == 5)
        let verify = try cli.ok(["verify", "-L", "L", "--json"])
        let report = try JSONValue.parse(verify.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(report["valid"]?.boolValue == true)
        #expect(report["records"]?.intValue == 6)
        #expect(report["head"]?.stringValue == json[0]?["head"]?.stringValue)
        #expect(report["suite"]?.stringValue == suite)
    }

    @Test(
        "refused input exits 2 with one line naming the problem, and leaves the ledger byte-identical",
        arguments: [
            "duplicate", "not responsible", "over 100 percent", "unknown task", "insecure key", "time backwards", "no operator key",
            "progress after completion",
        ])
    func refusals(kind: String) throws {
        let cli = try CLI.smallLedger()
        try cli.ok([
            "sign", "progress", "--ledger-id", "pingjiang-2023", "--key", "swlsj.key", "--dept", "SWLSJ", "--task", "1.6", "--percent", "30", "-o", "s1.json",
        ])
        try cli.ok(["submit", "-L", "L", "--operator-key", "office.key", "s1.json", "--accepted-at", "2023-04-01T00:00:00Z"])
        let before = try cli.read("L/log.jsonl")
        var args: [String]
        var expected: String
        switch kind {
        case "duplicate":
            args = ["submit", "-L", "L", "--operator-key", "office.key", "s1.json"]
            expected = "already in the ledger"
        case "not responsible":
            args = ["append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "zjj.key", "--task", "1.6", "--percent", "10"]
            expected = "neither lead nor co-responsible"
        case "over 100 percent":
            args = ["append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "120"]
            expected = "between 0 and 100"
        case "unknown task":
            args = ["append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "9.9", "--percent", "10"]
            expected = "task 9.9 has not been assigned"
        case "insecure key":
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: cli.path("swlsj.key"))
            args = ["append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "10"]
            expected = "accessible by group or others"
        case "time backwards":
            args = [
                "append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "40", "--accepted-at",
                "2023-02-01T00:00:00Z",
            ]
            expected = "earlier than record"
        case "no operator key":
            args = ["append", "progress", "-L", "L", "--key", "swlsj.key", "--task", "1.6", "--percent", "40"]
            expected = "--operator-key is required"
        default:
            try cli.ok([
                "append", "close-requested", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--evidence-digest",
                "验收.pdf=" + String(repeating: "ab", count: 32), "--accepted-at", "2023-05-01T00:00:00Z",
            ])
            try cli.ok([
                "append", "close-approved", "-L", "L", "--key", "office.key", "--task", "1.6", "--note", "同意销号", "--accepted-at", "2023-05-02T00:00:00Z",
            ])
            args = ["append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "40"]
            expected = "closed (办结)"
        }
        let snapshot = kind == "progress after completion" ? try cli.read("L/log.jsonl") : before
        let result = try cli.run(args)
        #expect(result.status == 2, "\(kind): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(kind): \(result.stderr)")
        // One line names the problem; a note may say the append read the whole log instead of its cache.
        let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("ledger: note:") }
        #expect(lines.count == 1, "\(kind): one line, got \(result.stderr)")
        #expect(try cli.read("L/log.jsonl") == snapshot)
    }

    @Test("an append starts from the admission cache; without one, or with a damaged one, it reads the whole log and says so")
    func appendSaysWhenItReplays() throws {
        let cli = try CLI.smallLedger()
        let args = ["append", "progress", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key", "--task", "1.6", "--percent"]
        let fromCache = try cli.ok(args + ["10"])
        #expect(!fromCache.stderr.contains("note"), "\(fromCache.stderr)")
        try FileManager.default.removeItem(atPath: cli.path("L/cache"))
        let missing = try cli.ok(args + ["20"])
        #expect(missing.stderr.contains("read the whole log (6 records) because there is no admission cache yet"), "\(missing.stderr)")
        var state = try String(contentsOfFile: cli.path("L/cache/admission"), encoding: .utf8)
        state = state.replacingOccurrences(of: "SWLSJ", with: "SWLSX")
        try state.write(toFile: cli.path("L/cache/admission"), atomically: false, encoding: .utf8)
        let damaged = try cli.ok(args + ["30"])
        #expect(damaged.stderr.contains("the admission cache is damaged"), "\(damaged.stderr)")
        #expect(try cli.ok(args + ["40"]).stderr.isEmpty)
        #expect(try cli.ok(["verify", "-L", "L"]).stdout.contains("9 records verified"))
    }

    @Test("verify exits 1 and names the first bad record after a tampered line")
    func tamperedVerify() throws {
        let cli = try CLI.smallLedger()
        var lines = String(decoding: try cli.read("L/log.jsonl"), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[4] = lines[4].replacingOccurrences(of: "\"deadline\":\"2023-12-31\"", with: "\"deadline\":\"2024-12-31\"")
        try cli.write("L/log.jsonl", lines.joined(separator: "\n"))
        let text = try cli.run(["verify", "-L", "L"])
        #expect(text.status == 1)
        #expect(text.stdout.contains("FAILED at record 4"))
        let json = try cli.run(["verify", "-L", "L", "--json"])
        #expect(json.status == 1)
        let value = try JSONValue.parse(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(value["failure"]?["seq"]?.intValue == 4)
        #expect(value["failure"]?["field"]?.stringValue == "statement.sig")
        #expect(value["valid"]?.boolValue == false)
    }

    @Test("a batch from a spreadsheet CSV is signed and appended, and one bad row refuses it all")
    func csvBatch() throws {
        let cli = try CLI.smallLedger()
        try cli.write(
            "good.csv",
            "\u{FEFF}type,task,percent,metrics,note,evidence,reason,until,time\r\nprogress,1.6,30,\"新增限额以上企业=12 家\",\"一季度, 按计划\",,,,\r\nprogress,1.6,45,,,,,,2023-05-02T00:00:00Z\r\nextension-requested,1.6,,,,,招商周期延长,2024-03-31,\r\n"
        )
        let good = try cli.ok([
            "append", "--batch", "good.csv", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key", "--accepted-at", "2023-05-10T00:00:00Z",
        ])
        #expect(good.stdout.contains("appended 3 statements"))
        let before = try cli.read("L/log.jsonl")
        try cli.write("bad.jsonl", "{\"type\":\"progress\",\"task\":\"1.6\",\"percent\":50}\n{\"type\":\"progress\",\"task\":\"1.6\",\"percent\":150}\n")
        let bad = try cli.run(["append", "--batch", "bad.jsonl", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("row 2"))
        #expect(bad.stderr.contains("percent"))
        #expect(try cli.read("L/log.jsonl") == before)
        let log = try cli.ok(["log", "-L", "L", "--task", "1.6", "--json"])
        #expect(try JSONValue.parse(log.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).arrayValue?.count == 4)
    }

    @Test("processes appending at once never fork the chain")
    func concurrentProcesses() throws {
        let cli = try CLI.smallLedger()
        let group = DispatchGroup()
        nonisolated(unsafe) var statuses: [Int32] = []
        let lock = NSLock()
        for i in 0..<8 {
            group.enter()
            DispatchQueue.global().async {
                let status =
                    (try? cli.run([
                        "append", "progress", "-L", "L", "--operator-key", "office.key", "--key", i % 2 == 0 ? "swlsj.key" : "kgxj.key",
                        "--task", "1.6", "--percent", "\(10 + i)",
                    ]).status) ?? -1
                lock.lock(); statuses.append(status); lock.unlock()
                group.leave()
            }
        }
        group.wait()
        #expect(statuses == Array(repeating: 0, count: 8))
        let verify = try cli.ok(["verify", "-L", "L", "--json"])
        #expect(try JSONValue.parse(verify.stdout.trimmingCharacters(in: .whitespacesAndNewlines))["records"]?.intValue == 13)
    }

    @Test("key rotation and revocation through the CLI; key list shows the status")
    func keys() throws {
        let cli = try CLI.smallLedger()
        try cli.ok(["key", "generate", "--suite", "ed25519-sha256", "--out", "swlsj2"])
        try cli.ok(["key", "rotate", "-L", "L", "--key", "office.key", "--old", "swlsj.pub", "--new", "swlsj2.pub"])
        let refused = try cli.run(["append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "10"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("not enrolled") || refused.stderr.contains("rotated"))
        try cli.ok(["append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj2.key", "--task", "1.6", "--percent", "10"])
        try cli.ok(["key", "revoke", "kgxj.pub", "-L", "L", "--key", "office.key", "--reason", "人员调整"])
        let list = try cli.ok(["key", "list", "-L", "L"])
        #expect(list.stdout.contains("rotated@5"))
        #expect(list.stdout.contains("revoked@7"))
        try cli.ok(["verify", "-L", "L"])
    }

    @Test("a torn tail is reported by verify and moved aside by recover")
    func recover() throws {
        let cli = try CLI.smallLedger()
        let clean = try cli.read("L/log.jsonl")
        try (clean + Data("{\"acc".utf8)).write(to: URL(fileURLWithPath: cli.path("L/log.jsonl")))
        let torn = try cli.run(["verify", "-L", "L"])
        #expect(torn.status == 1)
        #expect(torn.stdout.contains("partial line"))
        let refused = try cli.run(["append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "10"])
        #expect(refused.status == 2 && refused.stderr.contains("ledger recover"))
        try cli.ok(["recover", "-L", "L"])
        #expect(try cli.read("L/log.jsonl") == clean)
        try cli.ok(["verify", "-L", "L"])
    }

    @Test("verify --json names the failing record for a torn tail and an empty log too")
    func verifyJSONFailureSeq() throws {
        let cli = try CLI.smallLedger()
        let clean = try cli.read("L/log.jsonl")
        try (clean + Data("{\"acc".utf8)).write(to: URL(fileURLWithPath: cli.path("L/log.jsonl")))
        let torn = try cli.run(["verify", "-L", "L", "--json"])
        let tornJSON = try JSONValue.parse(torn.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(torn.status == 1 && tornJSON["failure"]?["seq"]?.intValue == 5 && tornJSON["failure"]?["code"]?.stringValue == "tornTail")
        try Data().write(to: URL(fileURLWithPath: cli.path("L/log.jsonl")))
        let empty = try cli.run(["verify", "-L", "L", "--json"])
        let emptyJSON = try JSONValue.parse(empty.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(empty.status == 1 && emptyJSON["failure"]?["seq"]?.intValue == 0)
        try Data("not json\n".utf8).write(to: URL(fileURLWithPath: cli.path("L/log.jsonl")))
        let bad = try cli.run(["verify", "-L", "L"])
        #expect(bad.status == 1 && bad.stdout.contains("no record verified") && !bad.stdout.contains("0…-1"))
    }

    @Test("verify --anchor with a hash no record has fails without naming a record: the text says the ledger was truncated, JSON has anchorSeq null")
    func anchorFailure() throws {
        let cli = try CLI.smallLedger()
        let head = try JSONValue.parse(try cli.ok(["verify", "-L", "L", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))["head"]!.stringValue!
        let found = try JSONValue.parse(try cli.ok(["verify", "-L", "L", "--json", "--anchor", head]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(found["anchorSeq"]?.intValue == 4 && found["valid"]?.boolValue == true)
        let gone = String(repeating: "ab", count: 32)
        let text = try cli.run(["verify", "-L", "L", "--anchor", gone])
        #expect(text.status == 1)
        #expect(text.stdout.contains("verification FAILED: no verified record has hash \(gone)"), "\(text.stdout)")
        #expect(text.stdout.contains("truncated or rewritten"))
        let json = try cli.run(["verify", "-L", "L", "--json", "--anchor", gone])
        let value = try JSONValue.parse(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json.status == 1)
        #expect(value["valid"]?.boolValue == false)
        #expect(value["anchorSeq"]?.isNull == true)
        #expect(value["failure"] == nil, "an anchor failure names no record")
        #expect(value["records"]?.intValue == 5)
    }

    @Test(
        "number options take decimal numbers only: NaN, inf, hexadecimal and overflow are refused with exit 2",
        arguments: ["NaN", "nan", "inf", "-inf", "0x10", "1e400", "+5", ".5", "5.", ""])
    func numberOptions(value: String) throws {
        let cli = try CLI.smallLedger()
        let before = try cli.read("L/log.jsonl")
        let result = try cli.run(["append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", value])
        #expect(result.status == 2, "\(value): \(result.stderr)")
        #expect(result.stderr.contains("--percent"), "\(value): \(result.stderr)")
        #expect(try cli.read("L/log.jsonl") == before)
    }

    @Test("ledger init refuses an acceptance time ahead of the clock and a directory that already holds a ledger")
    func initRefusals() throws {
        let cli = try CLI.smallLedger()
        let args = ["--id", "x-2023", "--operator-key", "office.key", "--dept", "ZBBGS", "--name", "专班", "--title", "台账"]
        let again = try cli.run(["init", "L"] + args)
        #expect(again.status == 2 && again.stderr.contains("already holds a ledger"))
        let future = try cli.run(["init", "F"] + args + ["--accepted-at", "9999-12-31T00:00:00Z"])
        #expect(future.status == 2 && future.stderr.contains("later than this machine's clock"), "\(future.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("F/log.jsonl")))
    }

    @Test("show and log print the records")
    func showAndLog() throws {
        let cli = try CLI.smallLedger()
        let show = try cli.ok(["show", "4", "-L", "L"])
        #expect(show.stdout.contains("assigned") && show.stdout.contains("引进培育商贸企业"))
        let raw = try cli.ok(["show", "4", "-L", "L", "--json"])
        let lines = String(decoding: try cli.read("L/log.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(raw.stdout.trimmingCharacters(in: .newlines) == String(lines[4]))
        let log = try cli.ok(["log", "-L", "L", "--dept", "ZBBGS"])
        #expect(log.stdout.split(separator: "\n").count == 5)
        #expect(try cli.run(["show", "99", "-L", "L"]).status == 2)
    }
}
