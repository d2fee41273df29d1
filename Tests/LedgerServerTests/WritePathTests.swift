import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// The server keeps its appender and its latest projection warm between rounds; neither may hide a
/// write it did not make, nor keep a local command waiting.
@Suite("ledger-server's warm appender and incremental reads", .temporaryDirectory)
struct WritePathTests {
    @Test("between rounds a local append and verify get in, the server chains after the local record, and its state after every submission is the local command's")
    func localWriterBetweenRounds() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        defer { server.stop() }
        let served = "\(server.url)/ledgers/pingjiang-2023"
        var receipts: [(seq: Int, hash: String, statement: String)] = []
        for round in 0..<3 {
            for (n, (code, _, task)) in LedgerCLI.departments.enumerated() {
                let file = try cli.signProgress(code, task: task, percent: round * 20 + 5, file: "r\(round)-\(n).json")
                receipts += try ServerTests.receipts(try cli.ok(["submit", "--server", server.url, "--json", file]))
                // Each read after a submission folds only the new record into the server's projection.
                let remote = try cli.ok(["state", "--json", "--server", served])
                let local = try cli.ok(["state", "--json", "-L", "L"])
                #expect(remote.stdout == local.stdout, "state after round \(round), submission \(n)")
            }
            // The server released the lock after its round: a local append and a verify do not wait.
            try cli.ok([
                "append", "progress", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key", "--task", "1.1", "--percent", "\(round * 20 + 10)",
            ])
            try cli.ok(["verify", "-L", "L"])
            let remote = try cli.ok(["report", "--format", "html", "--server", served])
            #expect(remote.stdout == (try cli.ok(["report", "--format", "html", "-L", "L"])).stdout, "dashboard after the local append of round \(round)")
        }
        #expect(Set(receipts.map(\.seq)).count == 12)
        #expect(server.stop() == 0)
        try ServerTests.expectInLog(receipts, cli: cli, suite: .ed25519sha256)
        try cli.ok(["verify", "-L", "L"])
        #expect(try cli.read("L/log.jsonl").split(separator: 0x0A).count == 10 + 12 + 3)
        #expect(server.log.contains("changed by another writer"), "the server should say it re-read the log after the local appends")
    }

    @Test("/metrics counts the submissions accepted and refused, the records appended, the rounds that wrote them and the log's length")
    func metrics() throws {
        let cli = try LedgerCLI.ledger()
        let before = try cli.read("L/log.jsonl").split(separator: 0x0A).count
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        defer { server.stop() }
        // Four submissions one after another (a round each), then one batch of two statements (one round,
        // two records), then a replay of the first (refused, nothing written).
        var files: [String] = []
        for (n, (code, _, task)) in LedgerCLI.departments.enumerated() {
            files.append(try cli.signProgress(code, task: task, percent: 10 + n, file: "s\(n).json"))
            try cli.ok(["submit", "--server", server.url, files[n]])
        }
        let (code, _, task) = LedgerCLI.departments[0]
        var pair = try cli.read(try cli.signProgress(code, task: task, percent: 40, file: "p0.json"))
        if pair.last != 0x0A { pair.append(0x0A) }
        pair += try cli.read(try cli.signProgress(code, task: task, percent: 50, file: "p1.json"))
        try pair.write(to: URL(fileURLWithPath: cli.path("pair.jsonl")))
        try cli.ok(["submit", "--server", server.url, "pair.jsonl"])
        let replay = try cli.run(["submit", "--server", server.url, files[0]])
        #expect(replay.status != 0, "a replayed statement must be refused")

        let answer = try fetch(server.url + "/metrics")
        #expect(answer.status == 200)
        let text = String(decoding: answer.body, as: UTF8.self)
        var samples: [String: Int] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            try #require(parts.count == 2, "not a sample line: \(line)")
            samples[String(parts[0])] = Int(parts[1])
        }
        let id = "ledger=\"pingjiang-2023\""
        #expect(samples["ledger_server_submissions_total{\(id),outcome=\"accepted\"}"] == 5)
        #expect(samples["ledger_server_submissions_total{\(id),outcome=\"refused\"}"] == 1)
        #expect(samples["ledger_server_submissions_total{\(id),outcome=\"failed\"}"] == 0)
        #expect(samples["ledger_server_records_appended_total{\(id)}"] == 6)
        #expect(samples["ledger_server_append_rounds_total{\(id)}"] == 5)
        #expect(samples["ledger_server_log_records{\(id)}"] == before + 6)
        for family in ["submissions_total", "records_appended_total", "append_rounds_total"] {
            #expect(text.contains("# TYPE ledger_server_\(family) counter\n"), "\(family) declared a counter")
        }
        #expect(text.contains("# TYPE ledger_server_log_records gauge\n"))
        #expect(try cli.read("L/log.jsonl").split(separator: 0x0A).count == before + 6)
    }
}
