import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `ledger-server` on an ephemeral loopback port, driven by the real `ledger` command.
@Suite("ledger-server", .temporaryDirectory)
struct ServerTests {
    /// The receipts a `--json` submission printed.
    static func receipts(_ output: Output) throws -> [(seq: Int, hash: String, statement: String)] {
        let value = try JSONValue.parse(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        return try #require(value.arrayValue).map { item in
            (seq: item["seq"]?.intValue ?? -1, hash: item["hash"]?.stringValue ?? "", statement: item["statement"]?.stringValue ?? "")
        }
    }

    /// Each receipt's record is in the log at its seq, with its hash and statement.
    static func expectInLog(
        _ receipts: [(seq: Int, hash: String, statement: String)], cli: LedgerCLI, suite: Suite, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        let lines = try cli.read("L/log.jsonl").split(separator: 0x0A)
        for receipt in receipts {
            try #require(
                receipt.seq >= 0 && receipt.seq < lines.count, "receipt for record \(receipt.seq) but the log has \(lines.count)",
                sourceLocation: sourceLocation)
            let record = try Record(line: [UInt8](lines[receipt.seq]), expectedSeq: receipt.seq)
            #expect(record.hash(suite) == receipt.hash, sourceLocation: sourceLocation)
            #expect(record.signed.statement.id == receipt.statement, sourceLocation: sourceLocation)
        }
    }

    @Test("departments submitting at once each get receipts whose records are all in a ledger that verifies")
    func concurrentSubmissions() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        let perDepartment = 6
        // Sign first (signing needs no server), then submit from four departments at once.
        for (code, _, task) in LedgerCLI.departments {
            for n in 1...perDepartment { _ = try cli.signProgress(code, task: task, percent: n * 10, file: "\(code)-\(n).json") }
        }
        let collected = Collected<Output>()
        onThreads(LedgerCLI.departments.count) { index in
            let (code, _, _) = LedgerCLI.departments[index]
            for n in 1...perDepartment {
                if let output = try? cli.run(["submit", "--server", server.url, "--json", "\(code)-\(n).json"]) { collected.append(output) }
            }
        }
        let outputs = collected.all
        #expect(outputs.count == LedgerCLI.departments.count * perDepartment)
        for output in outputs { #expect(output.status == 0, "\(output.stderr)") }
        let receipts = try outputs.filter { $0.status == 0 }.flatMap(Self.receipts)
        #expect(Set(receipts.map(\.seq)).count == receipts.count, "two receipts name the same record")
        // The server's own count agrees: every submission accepted, each record in one of the rounds.
        let metrics = try get(server.url + "/metrics").body
        #expect(metrics.contains("ledger_server_submissions_total{ledger=\"pingjiang-2023\",outcome=\"accepted\"} \(receipts.count)\n"), "\(metrics)")
        #expect(metrics.contains("ledger_server_records_appended_total{ledger=\"pingjiang-2023\"} \(receipts.count)\n"), "\(metrics)")
        #expect(metrics.contains("ledger_server_log_records{ledger=\"pingjiang-2023\"} \(10 + receipts.count)\n"), "\(metrics)")
        #expect(server.stop() == 0)
        try Self.expectInLog(receipts, cli: cli, suite: .ed25519sha256)
        let verified = try cli.ok(["verify", "-L", "L"])
        #expect(verified.stdout.contains("\(10 + receipts.count) records") || verified.status == 0)
        #expect(try cli.read("L/log.jsonl").split(separator: 0x0A).count == 10 + LedgerCLI.departments.count * perDepartment)
    }

    @Test("a bad signature, the wrong department, an oversized or malformed body get 4xx and change nothing")
    func refusals() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key", "--max-body", "4000"], in: cli.directory)
        defer { server.stop() }
        let before = try cli.read("L/log.jsonl")

        // A signature altered after signing.
        let good = try String(contentsOfFile: cli.path(try cli.signProgress("SWLSJ", task: "1.1", percent: 20, file: "good.json")), encoding: .utf8)
        let signature = try #require(good.range(of: "\"sig\":\"")).upperBound
        var forged = good
        let digit = forged[signature]
        forged.replaceSubrange(signature...signature, with: digit == "A" ? "B" : "A")
        try cli.write("forged.json", forged)
        let badSignature = try cli.run(["submit", "--server", server.url, "forged.json"])
        #expect(badSignature.status == 2)
        #expect(badSignature.stderr.contains("HTTP 403") || badSignature.stderr.contains("HTTP 400"), "\(badSignature.stderr)")

        // A department reporting on a task it is not responsible for.
        let foreign = try cli.signProgress("KGXJ", task: "1.1", percent: 30, file: "foreign.json")
        let wrongDepartment = try cli.run(["submit", "--server", server.url, foreign])
        #expect(wrongDepartment.status == 2)
        #expect(wrongDepartment.stderr.contains("HTTP 403") && wrongDepartment.stderr.contains("record 10"), "\(wrongDepartment.stderr)")

        // An inspector's key may not report progress at all.
        try cli.ok([
            "sign", "progress", "--ledger-id", "pingjiang-2023", "--key", "inspector.key", "--dept", "JW", "--task", "1.1", "--percent", "40", "-o",
            "inspector.json",
        ])
        let wrongRole = try cli.run(["submit", "--server", server.url, "inspector.json"])
        #expect(wrongRole.status == 2)
        #expect(wrongRole.stderr.contains("HTTP 403"), "\(wrongRole.stderr)")

        // More statements than the body limit allows, in one batch: refused whole.
        var many: [String] = []
        for n in 1...24 { many.append(try cli.signProgress("SWLSJ", task: "1.1", percent: n, file: "many-\(n).json")) }
        let oversized = try cli.run(["submit", "--server", server.url] + many)
        #expect(oversized.status == 2)
        #expect(oversized.stderr.contains("HTTP 413"), "\(oversized.stderr)")

        // Not JSON, and JSON that is not a statement, straight to the endpoint.
        for body in ["{not json", "{\"statement\":1}"] {
            let answer = try post(body, to: server.url + "/statements")
            #expect(answer.status == 400, "\(answer.body)")
            let error = try JSONValue.parse(answer.body)["error"]
            #expect(error?["message"]?.stringValue?.isEmpty == false)
        }

        // A duplicate: the first is accepted, its replay refused with 409.
        try cli.ok(["submit", "--server", server.url, "good.json"])
        let afterGood = try cli.read("L/log.jsonl")
        let replay = try cli.run(["submit", "--server", server.url, "good.json"])
        #expect(replay.status == 2 && replay.stderr.contains("HTTP 409"), "\(replay.stderr)")
        #expect(try cli.read("L/log.jsonl") == afterGood)
        #expect(afterGood.count > before.count)
        #expect(afterGood.prefix(before.count) == before, "the refusals changed the log before the good submission")
    }

    @Test("a client that stops sending its body gets 408, and the server goes on answering")
    func slowClient() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key", "--request-timeout", "1"], in: cli.directory)
        defer { server.stop() }
        let before = try cli.read("L/log.jsonl")
        let socket = try LoopbackSocket(port: server.port)
        socket.send("POST /statements HTTP/1.1\r\nHost: test\r\nContent-Length: 500\r\n\r\n{\"statement\":")
        let answer = socket.receive()
        #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
        #expect(try cli.read("L/log.jsonl") == before)
        try cli.ok(["submit", "--server", server.url, try cli.signProgress("SWLSJ", task: "1.1", percent: 5, file: "after.json")])
    }

    @Test("state, reports and the log over HTTP are byte for byte the local commands' output")
    func readsMatchLocal() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        defer { server.stop() }
        for (n, (code, _, task)) in LedgerCLI.departments.enumerated() {
            try cli.ok(["submit", "--server", server.url, try cli.signProgress(code, task: task, percent: 10 * (n + 1), file: "p\(n).json")])
        }
        let served = "\(server.url)/ledgers/pingjiang-2023"
        let variants: [[String]] = [
            ["state"], ["state", "--json"], ["state", "--at", "6"], ["state", "--json", "--as-of", "2023-01-03"],
            ["report"], ["report", "--format", "csv"], ["report", "--format", "json", "--lang", "en"], ["report", "--format", "html"],
            ["report", "--audit"], ["report", "--format", "markdown", "--at", "9", "--warning-days", "10"], ["log"], ["log", "--json", "--task", "1.2"],
        ]
        for arguments in variants {
            let local = try cli.ok(arguments + ["-L", "L"])
            let remote = try cli.ok(arguments + ["--server", served])
            #expect(remote.stdout == local.stdout, "ledger \(arguments.joined(separator: " ")) differs over HTTP")
            #expect(!local.stdout.isEmpty)
        }
        let head = try JSONValue.parse(try get(server.url + "/head").body)
        let local = try JSONValue.parse(try cli.ok(["state", "--json", "-L", "L"]).stdout)
        #expect(head["head"]?.stringValue == local["head"]?.stringValue)
        #expect(head["records"]?.intValue == 14)
        let health = try get(server.url + "/health")
        #expect(health.status == 200 && health.body.contains("pingjiang-2023"))
    }

    @Test("on a ledger with snapshots, state read after each submission is the local `ledger state`, with and without snapshots")
    func stateAfterSubmissionsWithSnapshots() throws {
        let cli = try LedgerCLI.ledger()
        for (n, (code, _, task)) in LedgerCLI.departments.enumerated() {
            try cli.ok(["submit", "-L", "L", "--operator-key", "office.key", try cli.signProgress(code, task: task, percent: 5 * (n + 1), file: "a\(n).json")])
        }
        try cli.ok(["snapshot", "create", "-L", "L", "--every", "4"])
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        defer { server.stop() }
        let served = "\(server.url)/ledgers/pingjiang-2023"
        // The first read projects from the newest snapshot and the admission cache; each later one extends it.
        #expect(try cli.ok(["state", "--json", "--server", served]).stdout == cli.ok(["state", "--json", "-L", "L"]).stdout)
        for round in 1...3 {
            for (n, (code, _, task)) in LedgerCLI.departments.enumerated() where n < round + 1 {
                try cli.ok(["submit", "--server", server.url, try cli.signProgress(code, task: task, percent: 10 * round + n, file: "r\(round)-\(n).json")])
            }
            let remote = try cli.ok(["state", "--json", "--server", served]).stdout
            #expect(remote == (try cli.ok(["state", "--json", "-L", "L"]).stdout), "after round \(round)")
            #expect(remote == (try cli.ok(["state", "--json", "-L", "L", "--no-snapshot"]).stdout), "after round \(round)")
        }
    }

    @Test("several ledgers are each served under their id, and not at /")
    func severalLedgers() throws {
        let first = try LedgerCLI.ledger()
        let second = try LedgerCLI.ledger(suite: "sm2-sm3")
        // The second ledger needs its own id.
        try FileManager.default.removeItem(atPath: second.path("L"))
        try second.ok(["init", "L", "--id", "yueyang-2023", "--operator-key", "office.key", "--dept", "ZBBGS", "--name", "专班办", "--title", "岳阳台账"])
        let server = try ServerProcess(
            ["-L", first.path("L"), "--operator-key", first.path("office.key"), "-L", second.path("L"), "--operator-key", second.path("office.key")],
            in: first.directory)
        defer { server.stop() }
        #expect(try get(server.url + "/").status == 404)
        let list = try get(server.url + "/ledgers").body
        #expect(list.contains("pingjiang-2023") && list.contains("yueyang-2023"))
        #expect(
            try first.ok(["state", "--json", "--server", "\(server.url)/ledgers/pingjiang-2023"]).stdout == first.ok(["state", "--json", "-L", "L"]).stdout)
        #expect(
            try second.ok(["state", "--json", "--server", "\(server.url)/ledgers/yueyang-2023"]).stdout == second.ok(["state", "--json", "-L", "L"]).stdout)
        #expect(try get(server.url + "/ledgers/nosuch/state").status == 404)
        // /metrics has a series per ledger, labelled with its id.
        let metrics = try get(server.url + "/metrics").body
        for id in ["pingjiang-2023", "yueyang-2023"] {
            #expect(metrics.contains("ledger_server_log_records{ledger=\"\(id)\"} "), "no series for \(id): \(metrics)")
        }
        // Each ledger's dashboard links into its own prefix.
        let dashboard = try get(server.url + "/ledgers/pingjiang-2023/")
        #expect(dashboard.status == 200)
        #expect(dashboard.body.contains("<a href=\"/ledgers/pingjiang-2023/tasks/1.1\">1.1</a>"))
        let history = try get(server.url + "/ledgers/pingjiang-2023/tasks/1.1")
        #expect(history.status == 200 && history.body.contains("href=\"/ledgers/pingjiang-2023/records/6\""))
    }

    @Test("a server given a key that is not an active operator key of the ledger refuses to start, also through `ledger serve`")
    func wrongOperatorKey() throws {
        let cli = try LedgerCLI.ledger()
        let result = try runProcess(Binaries.server, ["-L", "L", "--operator-key", "swlsj.key", "--port", "0"], in: cli.directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains("not an active operator key"), "\(result.stderr)")
        // `ledger serve` hands its arguments to the ledger-server beside it.
        let served = try cli.run(["serve", "-L", "L", "--operator-key", "kgxj.key", "--port", "0"])
        #expect(served.status != 0)
        #expect(served.stderr.contains("ledger-server: error:") && served.stderr.contains("not an active operator key"), "\(served.stderr)")
    }

    @Test("SIGTERM while departments submit: a clean exit, the lock released, every acknowledged submission in the log")
    func gracefulShutdown() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        let perDepartment = 8
        for (code, _, task) in LedgerCLI.departments {
            for n in 1...perDepartment { _ = try cli.signProgress(code, task: task, percent: n * 10, file: "\(code)-\(n).json") }
        }
        let collected = Collected<Output>()
        let started = Collected<Int>()
        let stopper = Thread {
            // Stop once a few submissions were acknowledged, while the others are still coming.
            while started.all.count < 6 { Thread.sleep(forTimeInterval: 0.01) }
            kill(server.process.processIdentifier, SIGTERM)
        }
        stopper.start()
        onThreads(LedgerCLI.departments.count) { index in
            let (code, _, _) = LedgerCLI.departments[index]
            for n in 1...perDepartment {
                guard let output = try? cli.run(["submit", "--server", server.url, "--json", "\(code)-\(n).json"]) else { continue }
                collected.append(output)
                if output.status == 0 { started.append(n) }
            }
        }
        #expect(server.stop() == 0, "\(server.log)")
        let acknowledged = try collected.all.filter { $0.status == 0 }.flatMap(Self.receipts)
        #expect(acknowledged.count >= 6)
        try Self.expectInLog(acknowledged, cli: cli, suite: .ed25519sha256)
        // Nothing holds the lock: a local append and a verification both go ahead.
        try cli.ok(["submit", "-L", "L", "--operator-key", "office.key", try cli.signProgress("SWLSJ", task: "1.1", percent: 99, file: "late.json")])
        try cli.ok(["verify", "-L", "L"])
        #expect(server.log.contains("stopped"))
    }
}

/// A minimal GET or POST through URLSession, for endpoints the CLI does not call.
func get(_ url: String) throws -> (status: Int, body: String) { try exchange(url, method: "GET", body: nil) }
func post(_ body: String, to url: String) throws -> (status: Int, body: String) { try exchange(url, method: "POST", body: body) }
