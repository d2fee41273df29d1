import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// The rules format version 2 added (FORMAT.md §2.4, §5.5, §5.6, §6, §10), each broken by one record
/// that is otherwise perfect (signed by the key it names, sealed by the office, chained), appended to the
/// first seven records of the version 2 golden ledger: `ledger verify` and the independent verifier must
/// both fail at that record, and both accept the cases that keep the rule.
@Suite("Version 2 rules, judged alike by both verifiers", .temporaryDirectory)
struct IndependentVerifierV2Tests {
    static let golden = CLI.repository.appendingPathComponent("Tests/LedgerCoreTests/Fixtures/golden/v2-ed25519-sha256.jsonl")
    /// RFC 8032 7.1 TEST 1, 2, 3 and 1024 seeds, as in the golden ledger: ZBBGS, SWLSJ, KGXJ, JW.
    static let seeds = [
        "ZBBGS": "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "SWLSJ": "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "KGXJ": "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "JW": "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
    ]

    /// Builds records after `lines` by hand, so a record can break a rule the writer would refuse.
    struct Forger {
        var lines: [[UInt8]]
        var counter = 100

        /// Appends a record whose statement of `type` with `body` is signed by `signer` and sealed by the office.
        mutating func add(_ type: String, by signer: String, task: String? = nil, body: JSONValue, v: Int = 2, id: String? = nil) throws {
            let key = try SigningKey(ed25519Seed: Hex.decode(IndependentVerifierV2Tests.seeds[signer]!)!)
            let office = try SigningKey(ed25519Seed: Hex.decode(IndependentVerifierV2Tests.seeds["ZBBGS"]!)!)
            counter += 1
            var statement: [String: JSONValue] = [
                "ledger": "pingjiang-2023", "id": .string(id ?? String(format: "%032x", counter)), "time": "2024-04-01T00:00:00Z", "by": .string(signer),
                "key": .string(key.publicKey.keyID(in: .ed25519sha256)), "type": .string(type), "body": body,
            ]
            if let task { statement["task"] = .string(task) }
            statement["sig"] = .string(Base64.encode(try key.signature(for: Statement.signingContext + JSONValue.object(statement).canonicalBytes)))
            let last = try Record(line: lines.last!, expectedSeq: lines.count - 1)
            var record: [String: JSONValue] = [
                "v": .number(Double(v)), "seq": .number(Double(lines.count)), "prev": .string(last.hash(.ed25519sha256)),
                "accepted": "2024-04-01T00:00:00Z", "statement": .object(statement), "sealer": .string(office.publicKey.keyID(in: .ed25519sha256)),
            ]
            record["seal"] = .string(Base64.encode(try office.signature(for: Record.sealingContext + JSONValue.object(record).canonicalBytes)))
            lines.append(JSONValue.object(record).canonicalBytes)
        }
    }

    static let evidence: JSONValue = [["name": "验收.pdf", "digest": .string(String(repeating: "ab", count: 32))]]
    static let finding = String(format: "%032x", 101)

    /// The case's records after the golden ledger's first seven (0…6: genesis, three keys, the plan, task 1.6
    /// led by SWLSJ with KGXJ, task 1.7 with no lead and co SWLSJ, KGXJ); nil when the last one must fail.
    static func build(_ name: String) throws -> (lines: [[UInt8]], failsAtLast: Bool) {
        let all = String(decoding: try Data(contentsOf: golden), as: UTF8.self).split(separator: "\n").map { Array($0.utf8) }
        var f = Forger(lines: Array(all.prefix(7)))
        let openFinding: JSONValue = ["task": "1.6", "text": "台账不实", "severity": "serious", "deadline": "2024-05-31"]
        var fails = true
        switch name {
        case "lead applies":
            try f.add("close-requested", by: "SWLSJ", task: "1.6", body: ["evidence": evidence])
            fails = false
        case "co unit applies for a task with a lead":
            try f.add("close-requested", by: "KGXJ", task: "1.6", body: ["evidence": evidence])
        case "any co unit applies before a designation":
            try f.add("close-requested", by: "SWLSJ", task: "1.7", body: ["evidence": evidence])
            fails = false
        case "the undesignated co unit applies":
            try f.add("lead-designated", by: "ZBBGS", task: "1.7", body: ["dept": "KGXJ"])
            try f.add("close-requested", by: "SWLSJ", task: "1.7", body: ["evidence": evidence])
        case "designation on a task with a lead":
            try f.add("lead-designated", by: "ZBBGS", task: "1.6", body: ["dept": "KGXJ"])
        case "designation of a unit not responsible":
            try f.add("lead-designated", by: "ZBBGS", task: "1.7", body: ["dept": "JW"])
        case "a unit closes its own task":
            try f.add("close-approved", by: "SWLSJ", task: "1.6", body: ["note": "同意"])
        case "a unit approves its own extension":
            try f.add("extension-approved", by: "KGXJ", task: "1.6", body: [:])
        case "a unit opens a finding":
            try f.add("finding-opened", by: "SWLSJ", body: openFinding)
        case "an inspector opens, a responsible unit rectifies, the inspector closes":
            try f.add("finding-opened", by: "JW", body: openFinding)
            try f.add("finding-rectified", by: "KGXJ", body: ["finding": .string(finding), "evidence": evidence, "note": "已整改"])
            try f.add("finding-closed", by: "JW", body: ["finding": .string(finding), "note": "整改到位"])
            fails = false
        case "a unit not answerable rectifies":
            try f.add("finding-opened", by: "JW", body: ["dept": "KGXJ", "text": "未按时报送", "severity": "general", "deadline": "2024-05-31"])
            try f.add("finding-rectified", by: "SWLSJ", body: ["finding": .string(finding), "evidence": evidence, "note": "已整改"])
        case "a unit closes a finding":
            try f.add("finding-opened", by: "JW", body: openFinding)
            try f.add("finding-closed", by: "SWLSJ", body: ["finding": .string(finding), "note": "整改到位"])
        case "a rectification of no finding":
            try f.add("finding-rectified", by: "SWLSJ", body: ["finding": .string(String(repeating: "7", count: 32)), "evidence": evidence, "note": "已整改"])
        case "completed in a version 2 record":
            try f.add("completed", by: "SWLSJ", task: "1.6", body: ["evidence": evidence])
        case "a workflow type in a version 1 record":
            try f.add("close-requested", by: "SWLSJ", task: "1.6", body: ["evidence": evidence], v: 1)
        case "a version 1 record after version 2":
            try f.add("progress", by: "SWLSJ", task: "1.6", body: ["percent": 10], v: 1)
        case "a string of 4096 bytes":
            try f.add("progress", by: "SWLSJ", task: "1.6", body: ["percent": 10, "note": .string(String(repeating: "进", count: 1365) + "a")])
            fails = false
        case "a string of 4097 bytes":
            try f.add("progress", by: "SWLSJ", task: "1.6", body: ["percent": 10, "note": .string(String(repeating: "进", count: 1365) + "ab")])
        case "an array of 256 evidence files":
            try f.add("close-requested", by: "SWLSJ", task: "1.6", body: ["evidence": .array(Array(repeating: evidence[0]!, count: 256))])
            fails = false
        case "an array of 257 evidence files":
            try f.add("close-requested", by: "SWLSJ", task: "1.6", body: ["evidence": .array(Array(repeating: evidence[0]!, count: 257))])
        case "the office designates an indicator owner":
            try f.add("indicator-owner-designated", by: "ZBBGS", body: ["scope": "headline", "metric": "地区生产总值", "dept": "KGXJ"])
            fails = false
        case "an indicator owner for no target of the plan (a §7 rule, not §6)":
            try f.add("indicator-owner-designated", by: "ZBBGS", body: ["scope": "1", "metric": "地区生产总值", "dept": "KGXJ"])
            fails = false
        case "a unit designates an indicator owner":
            try f.add("indicator-owner-designated", by: "KGXJ", body: ["scope": "headline", "metric": "地区生产总值", "dept": "KGXJ"])
        case "an inspector designates an indicator owner":
            try f.add("indicator-owner-designated", by: "JW", body: ["scope": "headline", "metric": "地区生产总值", "dept": "KGXJ"])
        case "an indicator owner not enrolled":
            try f.add("indicator-owner-designated", by: "ZBBGS", body: ["scope": "headline", "metric": "地区生产总值", "dept": "TJJ"])
        case "an indicator owner with a blank metric":
            try f.add("indicator-owner-designated", by: "ZBBGS", body: ["scope": "headline", "metric": " ", "dept": "KGXJ"])
        case "an indicator owner designation with a task member":
            try f.add("indicator-owner-designated", by: "ZBBGS", task: "1.6", body: ["scope": "headline", "metric": "地区生产总值", "dept": "KGXJ"])
        case "an indicator owner designation in a version 1 record":
            try f.add("indicator-owner-designated", by: "ZBBGS", body: ["scope": "headline", "metric": "地区生产总值", "dept": "KGXJ"], v: 1)
        default:
            Issue.record("unknown case \(name)")
        }
        return (f.lines, fails)
    }

    static let cases = [
        "lead applies", "co unit applies for a task with a lead", "any co unit applies before a designation", "the undesignated co unit applies",
        "designation on a task with a lead", "designation of a unit not responsible", "a unit closes its own task", "a unit approves its own extension",
        "a unit opens a finding", "an inspector opens, a responsible unit rectifies, the inspector closes", "a unit not answerable rectifies",
        "a unit closes a finding", "a rectification of no finding", "completed in a version 2 record", "a workflow type in a version 1 record",
        "a version 1 record after version 2", "a string of 4096 bytes", "a string of 4097 bytes", "an array of 256 evidence files",
        "an array of 257 evidence files", "the office designates an indicator owner",
        "an indicator owner for no target of the plan (a §7 rule, not §6)", "a unit designates an indicator owner",
        "an inspector designates an indicator owner", "an indicator owner not enrolled", "an indicator owner with a blank metric",
        "an indicator owner designation with a task member", "an indicator owner designation in a version 1 record",
    ]

    @Test("each version 2 rule fails at its record in both verifiers, and the cases that keep it pass both", arguments: cases)
    func rule(name: String) throws {
        let (lines, failsAtLast) = try Self.build(name)
        let cli = try CLI()
        let dir = cli.directory.appendingPathComponent("L")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(lines.flatMap { $0 + [0x0A] }).write(to: dir.appendingPathComponent(Ledger.logFileName))
        let reference = try IndependentVerifierTests.reference(cli, "L")
        let second = try IndependentVerifierTests.python(dir.path)
        if failsAtLast {
            #expect(reference["valid"]?.boolValue == false, "\(name)")
            #expect(reference["failure"]?["seq"]?.intValue == lines.count - 1, "\(name): \(reference.canonicalString)")
            #expect(second.line.hasPrefix("FAIL record \(lines.count - 1):"), "\(name): \(second.line)")
        } else {
            #expect(reference["valid"]?.boolValue == true, "\(name): \(reference.canonicalString)")
            #expect(second.line == "OK \(lines.count) records, head \(reference["head"]?.stringValue ?? "")", "\(name): \(second.line)")
        }
    }
}
