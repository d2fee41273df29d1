import Foundation
import LedgerCore
import LedgerTestSupport
import LedgerTransparency
import Testing

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The read side as tlog-tiles, mirrors, cosignatures over HTTP, and what a mirror does when the
/// server's log is tampered with: the real `ledger-server` driven by the real `ledger`.
@Suite("ledger-server transparency", .temporaryDirectory)
struct TransparencyServerTests {
    /// Signs and submits progress statements of every department through the server, `rounds` each, at once.
    static func submitFromDepartments(_ cli: LedgerCLI, server: ServerProcess, rounds: Int, tag: String, start: Int) throws {
        for (code, _, task) in LedgerCLI.departments {
            for n in 0..<rounds { _ = try cli.signProgress(code, task: task, percent: start + n, file: "\(tag)-\(code)-\(n).json") }
        }
        let statuses = Collected<Int32>()
        onThreads(LedgerCLI.departments.count) { index in
            let (code, _, _) = LedgerCLI.departments[index]
            for n in 0..<rounds {
                statuses.append((try? cli.run(["submit", "--server", server.url, "\(tag)-\(code)-\(n).json"]).status) ?? -1)
            }
        }
        #expect(statuses.all.count == LedgerCLI.departments.count * rounds)
        #expect(statuses.all.allSatisfy { $0 == 0 })
    }

    @Test("a mirror is a complete ledger, updates incrementally, and an inspector's cosignature reaches the server's checkpoint")
    func mirrorAndCosign() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        defer { server.stop() }

        let first = try cli.ok(["mirror", server.url, "M"])
        #expect(first.stdout.contains("10 records verified"), "\(first.stdout)")
        #expect(try cli.read("M/log.jsonl") == cli.read("L/log.jsonl"))
        try cli.ok(["verify", "-L", "M", "--checkpoint", "M/checkpoint"])
        try cli.ok(["state", "-L", "M"])
        try cli.ok(["report", "-L", "M"])
        try cli.ok(["prove", "inclusion", "3", "-L", "M", "--out", "p3.json"])
        try cli.ok(["prove", "verify-inclusion", "p3.json", "--key", "office.pub"])

        try Self.submitFromDepartments(cli, server: server, rounds: 2, tag: "a", start: 10)
        let second = try cli.ok(["mirror", server.url, "M", "--json"])
        let outcome = try JSONValue.parse(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(outcome["previousSize"]?.intValue == 10)
        #expect(outcome["size"]?.intValue == 18)
        #expect(outcome["recordsVerified"]?.intValue == 8, "only the new records are verified")
        #expect(try cli.read("M/log.jsonl") == cli.read("L/log.jsonl"))
        try cli.ok(["verify", "-L", "M"])
        let nothing = try cli.ok(["mirror", server.url, "M"])
        #expect(nothing.stdout.contains("nothing new"), "\(nothing.stdout)")

        // The inspector mirrors, audits, cosigns and sends the cosignature; the server's checkpoint carries it.
        try Self.submitFromDepartments(cli, server: server, rounds: 1, tag: "b", start: 30)
        let cosigned = try cli.ok(["mirror", server.url, "M", "--inspector-key", "inspector.key", "--state", "S"])
        #expect(cosigned.stdout.contains("as inspector JW and cosigned"), "\(cosigned.stdout)")
        #expect(cosigned.stdout.contains("the server holds the checkpoint with 1 cosignature"), "\(cosigned.stdout)")
        let checkpoint = String(decoding: try fetch(server.url + "/checkpoint").body, as: UTF8.self)
        #expect(checkpoint.hasPrefix("accountability-ledger/pingjiang-2023\n22\n"), "\(checkpoint)")
        #expect(checkpoint.contains("— accountability-ledger/pingjiang-2023/JW "), "\(checkpoint)")
        // Without a cosignature by an inspector key: 403; with a proof that does not join the trees: 422.
        let noteOnly = checkpoint.components(separatedBy: "\n— accountability-ledger/pingjiang-2023/JW ")[0] + "\n"
        let bare = try fetch(
            server.url + "/cosignature", method: "POST", body: CosignatureSubmission(oldSize: 0, proof: [], note: Array(noteOnly.utf8)).bytes)
        #expect(bare.status == 403, "\(String(decoding: bare.body, as: UTF8.self))")
        let badProof = try fetch(
            server.url + "/cosignature", method: "POST", body: CosignatureSubmission(oldSize: 5, proof: [], note: Array(checkpoint.utf8)).bytes)
        #expect(badProof.status == 422, "\(String(decoding: badProof.body, as: UTF8.self))")
        let verified = try cli.ok(["verify", "--server", server.url])
        #expect(verified.stdout.contains("22 records verified"), "\(verified.stdout)")
        #expect(verified.stdout.contains("cosigned by inspector JW"), "\(verified.stdout)")
        // A mirror run afterwards picks up the cosignature with the unchanged checkpoint.
        let again = try cli.ok(["mirror", server.url, "M"])
        #expect(again.stdout.contains("cosigned by inspector JW"), "\(again.stdout)")

        // The dashboard's record page links the record's inclusion proof, which the prover checks.
        let page = String(decoding: try fetch(server.url + "/records/12").body, as: UTF8.self)
        #expect(page.contains("href=\"/proof/inclusion?seq=12\""), "\(page)")
        let proof = try fetch(server.url + "/proof/inclusion?seq=12")
        #expect(proof.status == 200)
        try Data(proof.body).write(to: cli.directory.appendingPathComponent("p12.json"))
        try cli.ok(["prove", "verify-inclusion", "p12.json", "--key", "office.pub"])
        let consistency = try fetch(server.url + "/proof/consistency?from=10&to=22")
        try Data(consistency.body).write(to: cli.directory.appendingPathComponent("c.json"))
        try cli.ok(["prove", "verify-consistency", "c.json", "--key", "office.pub"])
        #expect(try fetch(server.url + "/proof/consistency?from=10&to=99").status == 404)
        #expect(try fetch(server.url + "/proof/inclusion?seq=x").status == 400)
    }

    @Test("tiles and entry bundles are the local tree's bytes; malformed paths get 400, paths beyond the tree 404")
    func tiles() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        defer { server.stop() }
        try cli.ok(["mirror", server.url, "M"])
        let tree = try LedgerTree(ledger: try Ledger(directory: cli.path("M")))
        for width in [1, 5, 10] {
            let path = TilePath(kind: .hashes(level: 0), index: 0, width: width)
            let answer = try fetch(server.url + "/" + path.description)
            #expect(answer.status == 200)
            #expect(answer.body == (try tree.tile(path)))
            #expect(answer.cache == "no-cache")
        }
        let onDisk = try Data(contentsOf: cli.directory.appendingPathComponent("M/tile/0/000.p/10"))
        #expect(try fetch(server.url + "/tile/0/000.p/10").body == [UInt8](onDisk))
        let entries = try fetch(server.url + "/ledgers/pingjiang-2023/tile/entries/000.p/10")
        #expect(entries.status == 200)
        #expect(entries.body == [UInt8](try cli.read("L/log.jsonl")))
        // The static export is the same bytes at the same paths.
        try cli.ok(["export-tiles", "-L", "L", "--out", "W"])
        for path in ["checkpoint", "tile/0/000.p/10", "tile/entries/000.p/10"] {
            #expect(try [UInt8](cli.read("W/" + path)) == (try fetch(server.url + "/" + path).body), "\(path)")
        }
        for bad in ["tile/0/1", "tile/0/x000/000", "tile/0/000.p/0", "tile/0/000.p/256", "tile/99/000", "tile/entries/0a0", "tile/0/000.p/07"] {
            #expect(try fetch(server.url + "/" + bad).status == 400, "\(bad)")
        }
        for beyond in ["tile/0/001", "tile/0/000.p/11", "tile/1/000.p/1", "tile/entries/000", "tile/entries/000.p/11"] {
            #expect(try fetch(server.url + "/" + beyond).status == 404, "\(beyond)")
        }
    }

    @Test("a server whose log was truncated and regrown, or rewritten, is refused by the mirror and the inspector, naming the record")
    func tampering() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        defer { server.stop() }
        try Self.submitFromDepartments(cli, server: server, rounds: 1, tag: "a", start: 10)
        try cli.ok(["mirror", server.url, "M", "--inspector-key", "inspector.key", "--state", "S"])
        let held = try cli.read("M/log.jsonl")
        let heldCheckpoint = try cli.read("M/checkpoint")

        // A fresh mirror of a log whose record 7 was edited in place is refused at record 7.
        let original = try cli.read("L/log.jsonl")
        let edited = String(decoding: original, as: UTF8.self).replacingOccurrences(of: "\"title\":\"任务1.2\"", with: "\"title\":\"任务1.9\"")
        #expect(edited.utf8.count == original.count)
        try cli.write("L/log.jsonl", edited)
        let fresh = try cli.run(["mirror", server.url, "N"])
        #expect(fresh.status == 1)
        #expect(fresh.stderr.contains("record 7"), "\(fresh.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("N")), "nothing is written on a refusal")
        let verifyServer = try cli.run(["verify", "--server", server.url])
        #expect(verifyServer.status == 1)
        #expect(verifyServer.stderr.contains("record 7"), "\(verifyServer.stderr)")

        // The office truncates its log to 12 records, drops its checkpoints and regrows the log with other records.
        let lines = original.split(separator: 0x0A, omittingEmptySubsequences: false)
        try Data(lines.prefix(12).joined(separator: [0x0A]) + [0x0A]).write(to: cli.directory.appendingPathComponent("L/log.jsonl"))
        try FileManager.default.removeItem(atPath: cli.path("L/checkpoint"))
        try FileManager.default.removeItem(atPath: cli.path("L/checkpoints"))
        try Self.submitFromDepartments(cli, server: server, rounds: 2, tag: "b", start: 50)
        let forked = try cli.run(["mirror", server.url, "M"])
        #expect(forked.status == 1)
        #expect(forked.stderr.contains("not consistent with the 14 records this mirror holds"), "\(forked.stderr)")
        #expect(forked.stderr.contains("record 12 differs"), "\(forked.stderr)")
        let inspector = try cli.run(["mirror", server.url, "M", "--inspector-key", "inspector.key", "--state", "S"])
        #expect(inspector.status == 1)
        #expect(inspector.stderr.contains("record 12 differs"), "\(inspector.stderr)")
        #expect(try cli.read("M/log.jsonl") == held)
        #expect(try cli.read("M/checkpoint") == heldCheckpoint)
        try cli.ok(["verify", "-L", "M"])

        // The cosigned checkpoint the server no longer has is a conflict: 409 with the size it holds.
        let submission = CosignatureSubmission(oldSize: 0, proof: [], note: [UInt8](heldCheckpoint))
        let conflict = try fetch(server.url + "/cosignature", method: "POST", body: submission.bytes)
        #expect(conflict.status == 409)
        #expect(String(decoding: conflict.body, as: UTF8.self) == "20\n")
        #expect(try fetch(server.url + "/cosignature", method: "POST", body: Array("nonsense".utf8)).status == 400)
    }

    @Test("a mirror crosses tile boundaries: full tiles are immutable, and a later run resumes mid-tile")
    func acrossTiles() throws {
        let cli = try LedgerCLI()
        let plan = Workspace.packageRoot.appendingPathComponent("ledger")
        try cli.ok([
            "demo", "--dir", "D", "--suite", "ed25519-sha256", "--plan", plan.appendingPathComponent("plan.json").path, "--departments",
            plan.appendingPathComponent("departments.json").path, "--quiet",
        ])
        let full = try cli.read("D/ledger/log.jsonl")
        let lines = full.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        try #require(lines.count > 512)
        // The office's log at 300 records first; later the rest of the same year.
        try FileManager.default.createDirectory(atPath: cli.path("L"), withIntermediateDirectories: true)
        try Data(lines.prefix(300).joined(separator: [0x0A]) + [0x0A]).write(to: cli.directory.appendingPathComponent("L/log.jsonl"))
        let server = try ServerProcess(["-L", "L", "--operator-key", "D/keys/ZBBGS.key"], in: cli.directory)
        defer { server.stop() }
        try cli.ok(["mirror", server.url, "M"])
        #expect(try cli.read("M/log.jsonl") == cli.read("L/log.jsonl"))
        let tile = try fetch(server.url + "/tile/0/000")
        #expect(tile.status == 200)
        #expect(tile.cache == "public, max-age=31536000, immutable")
        #expect(tile.body == [UInt8](try Data(contentsOf: cli.directory.appendingPathComponent("M/tile/0/000"))))
        #expect(try fetch(server.url + "/tile/0/001.p/44").cache == "no-cache")
        #expect(try fetch(server.url + "/tile/1/000.p/1").status == 200)

        try full.write(to: cli.directory.appendingPathComponent("L/log.jsonl"))
        let later = try cli.ok(["mirror", server.url, "M", "--json"])
        let outcome = try JSONValue.parse(later.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(outcome["previousSize"]?.intValue == 300)
        #expect(outcome["recordsVerified"]?.intValue == lines.count - 300)
        #expect(try cli.read("M/log.jsonl") == full)
        try cli.ok(["verify", "-L", "M", "--checkpoint", "M/checkpoint"])
        try cli.ok(["prove", "inclusion", "520", "-L", "M", "--out", "p.json"])
        try cli.ok(["prove", "verify-inclusion", "p.json", "--key", "D/keys/ZBBGS.pub"])
    }

    @Test("a static export behind a plain web server is mirrored, incrementally, with the proof computed from its tiles")
    func staticFiles() throws {
        let cli = try LedgerCLI.ledger()
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        try cli.ok(["export-tiles", "-L", "L", "--out", "W"])
        let web = Process()
        let out = cli.directory.appendingPathComponent("web.out")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        web.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        web.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", cli.path("W")]
        web.standardOutput = try FileHandle(forWritingTo: out)
        web.standardError = FileHandle.nullDevice
        try web.run()
        defer {
            // SIGKILL: a child of the test process inherits its blocked SIGTERM.
            kill(web.processIdentifier, SIGKILL)
            web.waitUntilExit()
        }
        var port: Int?
        while port == nil && web.isRunning {
            let text = String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self)
            if let range = text.range(of: " port ") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber })
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        let url = "http://127.0.0.1:\(try #require(port, "python3 -m http.server did not start"))"
        try cli.ok(["mirror", url, "M"])
        #expect(try cli.read("M/log.jsonl") == cli.read("L/log.jsonl"))

        for (n, (code, _, task)) in LedgerCLI.departments.enumerated() {
            try cli.ok(["submit", "-L", "L", "--operator-key", "office.key", try cli.signProgress(code, task: task, percent: 40 + n, file: "s\(n).json")])
        }
        try cli.ok(["checkpoint", "-L", "L", "--operator-key", "office.key"])
        try cli.ok(["export-tiles", "-L", "L", "--out", "W"])
        let later = try cli.ok(["mirror", url, "M"])
        #expect(later.stdout.contains("consistent with the 10 held"), "\(later.stdout)")
        #expect(try cli.read("M/log.jsonl") == cli.read("L/log.jsonl"))
        let verified = try cli.ok(["verify", "--server", url])
        #expect(verified.stdout.contains("14 records verified"), "\(verified.stdout)")

        // The independent verifier checks the export from FORMAT.md §12.11 alone, and a changed tile fails it.
        let script = Workspace.packageRoot.appendingPathComponent("tools/independent-verify.py").path
        let independent = try ChildProcess.tool("python3", [script, "--tiles", cli.path("W")])
        #expect(independent.status == 0, "\(independent.stdout)\(independent.stderr)")
        #expect(independent.stdout.contains("OK tiles: 14 entries and 1 hash tiles"), "\(independent.stdout)")
        var tile = try [UInt8](cli.read("W/tile/0/000.p/14"))
        tile[40] ^= 1
        try Data(tile).write(to: cli.directory.appendingPathComponent("W/tile/0/000.p/14"))
        let changed = try ChildProcess.tool("python3", [script, "--tiles", cli.path("W")])
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("FAIL tiles: tile/0/000.p/14 does not hold the tree's nodes of level 0"), "\(changed.stdout)")
    }
}
