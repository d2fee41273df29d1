import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// `state`, `snapshot`, `report`, `plan import` and `demo` through the real binary.
@Suite("State, snapshots, reports and the demo", .temporaryDirectory)
struct ProjectionCommandTests {
    /// A small ledger with reports through 2023, so lights and history differ by date.
    static func ledgerWithHistory() throws -> CLI {
        let cli = try CLI.smallLedger()
        try cli.ok([
            "append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "30",
            "--metric", "新增限额以上企业=12 家", "--accepted-at", "2023-04-01T00:00:00Z",
        ])
        try cli.ok([
            "append", "extension-requested", "-L", "L", "--operator-key", "office.key", "--key", "kgxj.key", "--task", "1.6", "--reason", "招商周期延长",
            "--until", "2024-03-31", "--accepted-at", "2023-09-01T00:00:00Z",
        ])
        try cli.ok([
            "append", "extension-approved", "-L", "L", "--key", "office.key", "--task", "1.6", "--note", "同意延期", "--accepted-at", "2023-09-03T00:00:00Z",
        ])
        try cli.ok([
            "append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "80",
            "--metric", "新增限额以上企业=35 家", "--accepted-at", "2024-02-01T00:00:00Z",
        ])
        return cli
    }

    static func state(_ cli: CLI, _ extra: [String] = []) throws -> JSONValue {
        try JSONValue.parse(try cli.ok(["state", "-L", "L", "--json"] + extra).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("state --at and --as-of show history as it stood then")
    func history() throws {
        let cli = try Self.ledgerWithHistory()
        let atFirstReport = try Self.state(cli, ["--at", "5"])
        #expect(atFirstReport["recordCount"]?.intValue == 6)
        #expect(atFirstReport["tasks"]?[0]?["percent"]?.numberValue == 30)
        let midYear = try Self.state(cli, ["--as-of", "2023-06-30"])
        #expect(midYear["recordCount"]?.intValue == 6)
        #expect(midYear["asOf"]?.stringValue == "2023-06-30T15:59:59Z")
        let now = try Self.state(cli)
        #expect(now["tasks"]?[0]?["percent"]?.numberValue == 80)
        #expect(now["tasks"]?[0]?["deadline"]?.stringValue == "2024-03-31")
        #expect(now["tasks"]?[0]?["delays"]?[0]?["reason"]?.stringValue == "招商周期延长")
        let tooFar = try cli.run(["state", "-L", "L", "--at", "99"])
        #expect(tooFar.status == 2)
    }

    @Test("state from a snapshot plus the tail is byte-identical to a full replay; a bad snapshot is reported and not used")
    func snapshots() throws {
        let cli = try Self.ledgerWithHistory()
        try cli.ok(["snapshot", "create", "-L", "L", "--at", "5"])
        try cli.ok([
            "append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "90", "--accepted-at",
            "2024-02-10T00:00:00Z",
        ])
        let full = try cli.ok(["state", "-L", "L", "--json", "--no-snapshot"]).stdout
        let fromSnapshot = try cli.run(["state", "-L", "L", "--json"])
        #expect(fromSnapshot.stdout == full)
        #expect(fromSnapshot.stderr.isEmpty)
        let verified = try cli.ok(["snapshot", "verify", "-L", "L"])
        #expect(verified.stdout.contains("byte-identical"))

        // Edit the snapshot's state: verify fails, state says why and still gives the full replay's bytes.
        let path = try #require(FileManager.default.contentsOfDirectory(atPath: cli.path("L/snapshots")).first)
        let file = "L/snapshots/" + path
        let original = String(decoding: try cli.read(file), as: UTF8.self)
        try cli.write(file, original.replacingOccurrences(of: "\"percent\":30", with: "\"percent\":31"))
        let bad = try cli.run(["snapshot", "verify", "-L", "L"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("FAILED"))
        let fallback = try cli.run(["state", "-L", "L", "--json"])
        #expect(fallback.stdout == full)
        #expect(fallback.stderr.contains("not used"))

        // A snapshot of another history (same ledger id, different records) is refused by its head.
        let other = try Self.ledgerWithHistory()
        try other.ok(["snapshot", "create", "-L", "L", "--at", "5"])
        let foreign = try #require(FileManager.default.contentsOfDirectory(atPath: other.path("L/snapshots")).first)
        try cli.write(file, String(decoding: try other.read("L/snapshots/" + foreign), as: UTF8.self))
        let wrongHead = try cli.run(["snapshot", "verify", "-L", "L"])
        #expect(wrongHead.status == 1)
        #expect(wrongHead.stdout.contains("head"))
        #expect(try cli.run(["state", "-L", "L", "--json"]).stdout == full)
    }

    @Test("snapshot create --every keeps a series; state --at any record between two of them reads only the span and equals a full replay")
    func snapshotSeries() throws {
        let cli = try Self.ledgerWithHistory()
        let records = try #require(try Self.state(cli)["recordCount"]?.intValue)
        let written = try cli.ok(["snapshot", "create", "-L", "L", "--every", "2"]).stdout
        let expected = stride(from: 2, through: records, by: 2).map { String(format: "%012d.json", $0) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.path("L/snapshots")).sorted() == expected)
        #expect(written.components(separatedBy: "wrote ").count - 1 == expected.count)
        #expect(try cli.ok(["snapshot", "create", "-L", "L", "--every", "2"]).stdout.contains("no snapshot missing"))
        #expect(try cli.run(["snapshot", "create", "-L", "L", "--every", "0"]).status == 2)

        // The last record is covered by a snapshot when the count is even; make it so.
        if records % 2 == 1 {
            try cli.ok([
                "append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "90",
                "--accepted-at", "2024-02-10T00:00:00Z",
            ])
            #expect(try cli.ok(["snapshot", "create", "-L", "L", "--every", "2"]).stdout.contains(String(format: "%012d.json", records + 1)))
        }
        let count = records + records % 2
        for seq in 0..<count {
            let result = try cli.run(["state", "-L", "L", "--at", "\(seq)"])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(seq): \(result.stderr)")
            // The nearest snapshot at or below the record is where the replay starts.
            if seq >= 1 { #expect(result.stdout.contains(String(format: "from snapshot %012d.json", (seq + 1) / 2 * 2)), "\(seq)") }
            let full = try cli.ok(["state", "-L", "L", "--json", "--no-snapshot", "--at", "\(seq)"]).stdout
            #expect(try cli.ok(["state", "-L", "L", "--json", "--at", "\(seq)"]).stdout == full, "\(seq)")
        }

        // Records before the span are not read again: a change there is `ledger verify`'s to find, and the
        // state between two snapshots stays the one they vouch for (a full replay now fails at record 1).
        let atEnd = try cli.ok(["state", "-L", "L", "--json", "--at", "\(count - 1)"]).stdout
        // Record count − 2: applied on the snapshot of count − 2 records, record count − 1 linked to the last snapshot.
        let inSpan = try cli.ok(["state", "-L", "L", "--json", "--at", "\(count - 2)"]).stdout
        let original = try cli.read("L/log.jsonl")
        let lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var tampered = lines
        tampered[1] = Substring(lines[1].replacingOccurrences(of: "\"accepted\":\"20", with: "\"accepted\":\"19"))
        #expect(tampered[1] != lines[1])
        try cli.write("L/log.jsonl", tampered.joined(separator: "\n"))
        #expect(try cli.ok(["state", "-L", "L", "--json", "--at", "\(count - 1)"]).stdout == atEnd)
        #expect(try cli.ok(["state", "-L", "L", "--json", "--at", "\(count - 2)"]).stdout == inSpan)
        #expect(try cli.run(["state", "-L", "L", "--json", "--no-snapshot", "--at", "\(count - 1)"]).status != 0)
        #expect(try cli.run(["verify", "-L", "L"]).stdout.contains("record 1"))

        // A record changed inside a span is not vouched for: state falls back to verifying and names it.
        tampered = lines
        tampered[count - 2] = Substring(lines[count - 2].replacingOccurrences(of: "\"accepted\":\"20", with: "\"accepted\":\"19"))
        #expect(tampered[count - 2] != lines[count - 2])
        try cli.write("L/log.jsonl", tampered.joined(separator: "\n"))
        let refused = try cli.run(["state", "-L", "L", "--at", "\(count - 2)"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("record \(count - 2)"), "\(refused.stderr)")
    }

    @Test("state after the newest snapshot reads only the records after it, checked from the admission cache's signed chain state, and equals a full replay")
    func stateAfterNewestSnapshot() throws {
        let cli = try Self.ledgerWithHistory()
        try cli.ok(["snapshot", "create", "-L", "L", "--every", "2"])
        func progress(_ percent: Int, _ day: String) throws {
            try cli.ok([
                "append", "progress", "-L", "L", "--operator-key", "office.key", "--key", "swlsj.key", "--task", "1.6", "--percent", "\(percent)",
                "--accepted-at", "2024-02-\(day)T00:00:00Z",
            ])
        }
        try progress(85, "05")
        // The cache as the appender leaves it after this record; the next record is then one it does not cover.
        let cacheBefore = try cli.read("L/cache/admission")
        try progress(90, "10")
        let records = try #require(try Self.state(cli, ["--no-snapshot"])["recordCount"]?.intValue)
        let newest = try #require(
            try FileManager.default.contentsOfDirectory(atPath: cli.path("L/snapshots")).compactMap { Int($0.prefix(12)) }.max())
        #expect(newest < records - 1)
        let full = try cli.ok(["state", "-L", "L", "--json", "--no-snapshot"]).stdout
        #expect(try cli.ok(["state", "-L", "L", "--json"]).stdout == full)
        #expect(try cli.ok(["state", "-L", "L"]).stdout.contains(String(format: "from snapshot %012d.json", newest)))
        for seq in (newest - 1)..<records {
            let expected = try cli.ok(["state", "-L", "L", "--json", "--no-snapshot", "--at", "\(seq)"]).stdout
            #expect(try cli.ok(["state", "-L", "L", "--json", "--at", "\(seq)"]).stdout == expected, "\(seq)")
        }
        #expect(try cli.run(["state", "-L", "L", "--at", "\(records)"]).status == 2)

        let original = try cli.read("L/log.jsonl")
        let lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func tampered(_ seq: Int, _ change: (String) -> String) throws {
            var copy = lines
            copy[seq] = change(lines[seq])
            #expect(copy[seq] != lines[seq])
            try cli.write("L/log.jsonl", copy.joined(separator: "\n"))
        }
        func badSignature(_ line: String) -> String {
            let marker = line.range(of: "\"sig\":\"")!
            let first = line[marker.upperBound]
            return line.replacingCharacters(in: marker.upperBound...marker.upperBound, with: first == "A" ? "B" : "A")
        }
        // Records before the snapshot are not read: a change there is `ledger verify`'s to find.
        try tampered(1) { $0.replacingOccurrences(of: "\"accepted\":\"20", with: "\"accepted\":\"19") }
        #expect(try cli.ok(["state", "-L", "L", "--json"]).stdout == full)
        #expect(try cli.run(["state", "-L", "L", "--json", "--no-snapshot"]).status != 0)

        // A forged or unsigned cache is not trusted: state then reads from genesis (and here fails at record 1).
        let cache = String(decoding: try cli.read("L/cache/admission"), as: UTF8.self)
        let parts = cache.split(separator: "\n").map(String.init)
        let forged = parts[0].replacingOccurrences(of: "\"role\":\"department\"", with: "\"role\":\"operator\"")
        #expect(forged != parts[0])
        try cli.write("L/cache/admission", forged + "\n" + parts[1] + "\n")
        #expect(try cli.run(["state", "-L", "L", "--json"]).status != 0)
        try cli.write("L/cache/admission", parts[0] + "\n")
        #expect(try cli.run(["state", "-L", "L", "--json"]).status != 0)
        try cli.write("L/cache/admission", cache)
        #expect(try cli.ok(["state", "-L", "L", "--json"]).stdout == full)

        // Records after the snapshot with a bad signature or a broken prev are refused, naming the record.
        for seq in [newest, records - 1] {
            try tampered(seq, badSignature)
            let refused = try cli.run(["state", "-L", "L", "--json"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("record \(seq)"), "\(refused.stderr)")
        }
        try tampered(newest + 1) { line in
            let marker = line.range(of: "\"prev\":\"")!
            return line.replacingCharacters(in: marker.upperBound..<line.index(marker.upperBound, offsetBy: 64), with: String(repeating: "0", count: 64))
        }
        let broken = try cli.run(["state", "-L", "L", "--json"])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("record \(newest + 1)"), "\(broken.stderr)")

        // A record after the cache (as after a crash between the log's sync and the cache's) gets every check.
        try cli.write("L/log.jsonl", String(decoding: original, as: UTF8.self))
        try cacheBefore.write(to: URL(fileURLWithPath: cli.path("L/cache/admission")))
        #expect(try cli.ok(["state", "-L", "L", "--json"]).stdout == full)
        try tampered(records - 1, badSignature)
        let unchecked = try cli.run(["state", "-L", "L", "--json"])
        #expect(unchecked.status != 0)
        #expect(unchecked.stderr.contains("record \(records - 1)"), "\(unchecked.stderr)")
    }

    @Test("reports render in every format and language", arguments: ["text", "markdown", "csv", "json", "html"])
    func reports(format: String) throws {
        let cli = try Self.ledgerWithHistory()
        for lang in ["zh", "en"] {
            let out = try cli.ok(["report", "-L", "L", "--format", format, "--lang", lang]).stdout
            #expect(out.contains("1.6"))
            #expect(out.contains(format == "json" ? "SWLSJ" : format == "csv" ? "引进培育商贸企业" : "商务粮食局") || out.contains("SWLSJ"))
        }
        let audit = try cli.ok(["report", "-L", "L", "--audit", "--format", format]).stdout
        #expect(audit.contains("招商周期延长"))
    }

    @Test("report --month and --since print the 月通报 in the layout an office circulates; --month is --since its first day --as-of its last")
    func bulletin() throws {
        let cli = try Self.ledgerWithHistory()
        let month = try cli.ok(["report", "-L", "L", "--month", "2023-09"]).stdout
        for heading in ["工作推进情况通报", "通报期间：2023年9月1日至2023年9月30日", "一、总体情况", "二、主要指标完成情况", "三、亮灯清单", "四、存在问题", "五、下步督办要求"] {
            #expect(month.contains(heading), "\(heading) missing")
        }
        #expect(month.contains("本期延期：1.6 引进培育商贸企业（科工信局，2023-12-31延至2024-03-31）"))
        #expect(month.contains("台账尚无督查发现记录"), "the findings hook says so until findings are recorded")
        let since = try cli.ok(["report", "-L", "L", "--since", "2023-09-01", "--as-of", "2023-09-30"]).stdout
        #expect(since == month)
        let json = try JSONValue.parse(
            try cli.ok(["report", "-L", "L", "--month", "2023-09", "--format", "json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json["view"] == "bulletin" && json["extensions"]?[0]?["task"] == "1.6" && json["from"] == "2023-09-01")
        // The thresholds are flags: silent for 121 days by the end of July (red), or, with a longer silence
        // limit, 30 % against a 序时进度 of 58 % (red beyond 20 points, yellow within --serious-lag 40).
        let july = try cli.ok(["report", "-L", "L", "--as-of", "2023-07-31"]).stdout
        #expect(july.contains("121天未报送"))
        let patient = try cli.ok(["report", "-L", "L", "--as-of", "2023-07-31", "--silence-days", "200"]).stdout
        #expect(patient.contains("严重滞后：低于序时进度"))
        let lenient = try cli.ok(["report", "-L", "L", "--as-of", "2023-07-31", "--silence-days", "200", "--serious-lag", "40"]).stdout
        #expect(!lenient.contains("严重滞后：") && lenient.contains("滞后：低于序时进度"))
        let english = try cli.ok(["report", "-L", "L", "--month", "2023-09", "--lang", "en"]).stdout
        #expect(english.contains("1. Overall") && !english.contains("总体情况"))
        for bad in [["--month", "2023-13"], ["--month", "2023-09", "--since", "2023-09-01"], ["--month", "2023-09", "--audit"], ["--since", "2025-01-01"]] {
            let result = try cli.run(["report", "-L", "L"] + bad)
            #expect(result.status == 2, "\(bad): \(result.stderr)")
        }
    }

    @Test("the html report is one self-contained file")
    func html() throws {
        let cli = try Self.ledgerWithHistory()
        try cli.ok(["report", "-L", "L", "--format", "html", "-o", "report.html"])
        let html = String(decoding: try cli.read("report.html"), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<!doctype html>"))
        #expect(!html.contains("<script src") && !html.contains("<link ") && !html.contains("url("))
        #expect(html.contains("引进培育商贸企业"))
    }

    @Test("plan import signs one assigned record per task of the real plan, once every department is enrolled")
    func planImport() throws {
        let cli = try CLI()
        let departments = try JSONValue.parse([UInt8](try Data(contentsOf: CLI.repository.appendingPathComponent("ledger/departments.json"))))
        try cli.ok(["key", "generate", "--suite", "ed25519-sha256", "--out", "office"])
        try cli.ok([
            "init", "L", "--id", "pingjiang-2023", "--operator-key", "office.key", "--dept", "ZBBGS", "--name", "打好经济增长主动仗工作专班办公室", "--title",
            "平江县打好经济增长主动仗工作台账",
        ])
        let plan = CLI.repository.appendingPathComponent("ledger/plan.json").path
        let early = try cli.run(["plan", "import", plan, "-L", "L", "--key", "office.key"])
        #expect(early.status == 2)
        #expect(early.stderr.contains("is not enrolled"))
        for unit in departments["departments"]?.arrayValue ?? [] {
            let code = unit["code"]!.stringValue!
            try cli.ok(["key", "generate", "--suite", "ed25519-sha256", "--out", code])
            try cli.ok(["key", "enroll", "\(code).pub", "--dept", code, "--name", unit["name"]!.stringValue!, "-L", "L", "--key", "office.key"])
        }
        let imported = try cli.ok(["plan", "import", plan, "-L", "L", "--key", "office.key"])
        #expect(imported.stdout.contains("30 tasks"))
        let log = try JSONValue.parse(try cli.ok(["log", "-L", "L", "--type", "assigned", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(log.arrayValue?.count == 30)
    }

    @Test("the demo builds, verifies and reports a year; keys are private; the same seed gives the same statements")
    func demo() throws {
        let cli = try CLI()
        let run = try cli.ok(["demo", "--dir", "d1", "--suite", "ed25519-sha256"])
        #expect(run.stdout.contains("demo ledger: d1/ledger"))
        #expect(run.stdout.contains("ledger verify"))
        #expect(run.stdout.contains("逾期"))
        let mode = try FileManager.default.attributesOfItem(atPath: cli.path("d1/keys/ZBBGS.key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try cli.ok(["verify", "-L", "d1/ledger"])

        // The tampering the demo suggests really breaks verification, at the record it names.
        let line = try #require(run.stdout.split(separator: "\n").first { $0.contains("sed -i") })
        let script = try #require(line.split(separator: "'").dropFirst().first)
        let named = try #require(line.split(separator: "# record ").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        try cli.ok(["demo", "--dir", "d3", "--suite", "ed25519-sha256", "--quiet", "--seed", "2023"])
        let sed = Process()
        sed.executableURL = URL(fileURLWithPath: "/bin/sed")
        sed.arguments = ["-i", String(script), cli.path("d1/ledger/log.jsonl")]
        try sed.run()
        sed.waitUntilExit()
        let tampered = try cli.run(["verify", "-L", "d1/ledger", "--json"])
        #expect(tampered.status == 1)
        #expect(try JSONValue.parse(tampered.stdout.trimmingCharacters(in: .whitespacesAndNewlines))["failure"]?["seq"]?.intValue == named)
        try FileManager.default.removeItem(atPath: cli.path("d1"))
        try FileManager.default.moveItem(atPath: cli.path("d3"), toPath: cli.path("d1"))

        try cli.ok(["demo", "--dir", "d2", "--suite", "ed25519-sha256", "--quiet"])
        // Statements differ only in ids, keys and signatures: compare what the log says happened.
        let a = try cli.ok(["log", "-L", "d1/ledger"]).stdout, b = try cli.ok(["log", "-L", "d2/ledger"]).stdout
        #expect(a == b)
        #expect(try cli.run(["demo", "--dir", "d1"]).status == 2)
        let again = try cli.run(["demo", "--dir", "d1", "--force", "--quiet", "--suite", "ed25519-sha256"])
        #expect(again.status == 0)
        let state = try JSONValue.parse(try cli.ok(["state", "-L", "d1/ledger", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let lights = Set((state["tasks"]?.arrayValue ?? []).compactMap { $0["light"]?.stringValue })
        #expect(lights == ["red", "yellow", "green"])
        let silent = (state["departments"]?.arrayValue ?? []).filter { $0["silent"]?.boolValue == true }.compactMap { $0["code"]?.stringValue }
        #expect(silent.contains("JRB"))
    }
}
