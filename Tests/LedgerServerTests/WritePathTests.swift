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
}
