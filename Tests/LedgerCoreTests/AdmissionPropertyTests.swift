import Foundation
import LedgerCore
import LedgerCrypto
import Testing

/// Append admits exactly what verify accepts: thousands of generated and mutated statements go through
/// the public append API; each is refused with the log byte-identical, or accepted, and in the end
/// (and every few hundred appends) the whole ledger verifies. Never both accepted and invalid.
@Suite("Append admits exactly what verify accepts")
struct AdmissionPropertyTests {
    @Test("10,000 generated and mutated statements: refused with the log unchanged, or accepted and verified")
    func generatedStatements() throws {
        var world = try AdmissionWorld(suite: .ed25519sha256, seed: 0x1ED6E7)
        defer { world.remove() }
        var rng = SplitMix64(seed: 7)
        var accepted = 0, refused = 0
        var refusedFields: [String: Int] = [:]
        for iteration in 0..<10_000 {
            let batch = try world.batch(&rng)
            switch try world.tryAppend(batch.statements, accepted: batch.accepted) {
            case .accepted(let n): accepted += n
            case .refused(let error):
                refused += 1
                refusedFields[error.field ?? "-", default: 0] += 1
            }
            if iteration % 500 == 499 {
                try world.expectVerifies()
                try world.reopen(useCache: iteration % 1000 == 999)
            }
        }
        try world.expectVerifies()
        // Both outcomes are common, and refusals come from many different rules.
        #expect(accepted > 1_000, "accepted \(accepted)")
        #expect(refused > 2_000, "refused \(refused)")
        #expect(refusedFields.count > 25, "refused fields: \(refusedFields.keys.sorted())")
    }

    @Test("SM2 too: 400 mutated statements through the same rules")
    func sm2Statements() throws {
        var world = try AdmissionWorld(suite: .sm2sm3, seed: 0x5352)
        defer { world.remove() }
        var rng = SplitMix64(seed: 11)
        for _ in 0..<400 {
            let batch = try world.batch(&rng)
            _ = try world.tryAppend(batch.statements, accepted: batch.accepted)
        }
        try world.expectVerifies()
    }

    @Test("2,000 mutated batch files (JSON Lines and CSV): all rows appended and verified, or none and the log unchanged")
    func batchFiles() throws {
        var world = try AdmissionWorld(suite: .ed25519sha256, seed: 0xBA7C)
        defer { world.remove() }
        var rng = SplitMix64(seed: 3)
        var parsedAndRefused = 0, refusedByParser = 0, accepted = 0
        for _ in 0..<2_000 {
            let csv = rng.next() % 2 == 0
            let text = AdmissionWorld.batchText(&rng, csv: csv)
            let rows: [BatchRow]
            do {
                rows = try BatchFile.parse(Array(text.utf8), format: csv ? .csv : .jsonl)
            } catch {
                refusedByParser += 1
                continue
            }
            let (key, code) = world.reporter(&rng)
            let statements = try rows.map { row in
                try world.sign(row.event, key: key, department: code, claimed: row.claimed)
            }
            switch try world.tryAppend(statements, accepted: world.nextTime(&rng)) {
            case .accepted(let n): accepted += n
            case .refused: parsedAndRefused += 1
            }
        }
        try world.expectVerifies()
        #expect(accepted > 200, "accepted \(accepted)")
        #expect(refusedByParser > 200, "refused by the batch reader \(refusedByParser)")
        #expect(parsedAndRefused > 20, "read but refused by append \(parsedAndRefused)")
    }

    @Test("500 mutated plan files: imported whole and verified, or refused whole with the log unchanged")
    func planFiles() throws {
        var world = try AdmissionWorld(suite: .ed25519sha256, seed: 0x91A)
        defer { world.remove() }
        var rng = SplitMix64(seed: 5)
        var imported = 0, refused = 0
        for i in 0..<500 {
            let text = AdmissionWorld.planText(&rng, taskPrefix: "p\(i)")
            let events: [Event]
            do {
                events = try PlanFile(data: Data(text.utf8)).events()
            } catch {
                refused += 1
                continue
            }
            let statements = try events.map { try world.sign($0, key: world.office, department: "ZBBGS", claimed: nil) }
            switch try world.tryAppend(statements, accepted: world.nextTime(&rng)) {
            case .accepted: imported += 1
            case .refused: refused += 1
            }
        }
        try world.expectVerifies()
        #expect(imported > 50 && refused > 50, "\(imported) imported, \(refused) refused")
    }
}

extension Event {
    /// Whether every number in the body has a JSON form (NaN and infinities have none and cannot be signed).
    var allNumbersFinite: Bool {
        switch self {
        case .progress(_, let percent, let metrics, _): percent.isFinite && metrics.allSatisfy(\.value.isFinite)
        case .assigned(_, let a): a.targets.allSatisfy(\.value.isFinite)
        case .plan(_, _, let targets): targets.allSatisfy(\.target.value.isFinite)
        default: true
        }
    }
}

/// A ledger on disk with an office, departments and an inspector, and generators of valid and broken
/// statements about it.
struct AdmissionWorld {
    enum Outcome {
        case accepted(Int)
        case refused(RecordError)
    }

    let suite: Suite
    let directory: String
    let ledger: Ledger
    let office: SigningKey
    var keys: [(code: String, key: SigningKey)] = []
    let inspector: SigningKey
    let stranger: SigningKey
    var appender: Ledger.Appender?
    /// What the log must hold: every byte acknowledged so far.
    var expected: [UInt8]
    var time = Timestamp("2023-01-03T01:00:00Z")!
    var acceptedIDs: [SignedStatement] = []
    var checks = 0

    static let ledgerID = "prop-2023"
    static let departments = ["SWLSJ", "ZJJ", "KGXJ", "FGJ"]
    static let tasks = ["1.1", "1.2", "2.1", "3.4a"]

    init(suite: Suite, seed: UInt64) throws {
        self.suite = suite
        // Appends fsync; on Linux a RAM file system keeps ten thousand of them fast.
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        directory = base.appendingPathComponent("ledger-prop-\(UUID().uuidString)").path
        office = try SigningKey.generate(suite: suite)
        inspector = try SigningKey.generate(suite: suite)
        stranger = try SigningKey.generate(suite: suite)
        for code in Self.departments { keys.append((code, try SigningKey.generate(suite: suite))) }
        let genesis = Genesis(suite: suite, title: "属性测试台账", utcOffset: "+08:00", department: "ZBBGS", name: "专班办公室", key: office.publicKey)
        let statement = Statement(
            ledger: Self.ledgerID, time: time, department: "ZBBGS", keyID: office.publicKey.keyID(in: suite), event: .genesis(genesis))
        ledger = try Ledger.create(directory: directory, genesis: try statement.signed(with: office), operatorKey: office, accepted: time).0
        expected = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ledger.logPath)))
        appender = try Ledger.Appender(ledger: ledger, sealer: office)
        var setup: [SignedStatement] = []
        for (code, key) in keys {
            setup.append(try sign(.keyEnrolled(department: code, name: "部门\(code)", role: .department, key: key.publicKey), key: office, department: "ZBBGS"))
        }
        setup.append(try sign(.keyEnrolled(department: "JW", name: "纪委监委", role: .inspector, key: inspector.publicKey), key: office, department: "ZBBGS"))
        for (i, task) in Self.tasks.enumerated() {
            let a = Assignment(
                title: "任务\(task)", section: "1", lead: [Self.departments[i]], co: [Self.departments[(i + 1) % 4]], deadline: CalendarDay("2023-12-31")!,
                targets: [Target(metric: "指标", value: 10, unit: "个")])
            setup.append(try sign(.assigned(task: task, a), key: office, department: "ZBBGS"))
        }
        guard case .accepted = try tryAppend(setup, accepted: time) else { throw RecordError(.malformed, "setup refused") }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Opens the appender again: from the admission cache it wrote when released, or by a replay.
    mutating func reopen(useCache: Bool) throws {
        appender = nil
        appender = try Ledger.Appender(ledger: ledger, sealer: office, useCache: useCache)
        if useCache { #expect(appender?.start == .cache(tail: 0)) }
    }

    func sign(_ event: Event, key: SigningKey, department: String, claimed: Timestamp? = nil, id: String? = nil) throws -> SignedStatement {
        try Statement(
            ledger: Self.ledgerID, id: id ?? Identifier.newStatementID(), time: claimed ?? time, department: department,
            keyID: key.publicKey.keyID(in: suite), event: event
        ).signed(with: key)
    }

    /// Appends through the public API and checks the outcome against the file.
    mutating func tryAppend(_ statements: [SignedStatement], accepted: Timestamp) throws -> Outcome {
        checks += 1
        let outcome: Outcome
        do {
            let receipts = try appender!.append(statements, accepted: accepted)
            outcome = .accepted(receipts.count)
            if accepted > time { time = accepted }
            acceptedIDs += statements
        } catch {
            guard case .record(let refusal) = error else { throw error }
            outcome = .refused(refusal)
        }
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: ledger.logPath))
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        switch outcome {
        case .refused(let refusal):
            // Byte-identical: same length, same tail, and now and then the whole file.
            #expect(size == expected.count, "refused (\(refusal)) but the log changed length")
            let tail = min(size, 4096)
            try handle.seek(toOffset: UInt64(size - tail))
            #expect([UInt8](handle.readDataToEndOfFile()) == Array(expected.suffix(tail)), "refused (\(refusal)) but the log's tail changed")
            if checks % 256 == 0 {
                #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: ledger.logPath))) == expected)
            }
        case .accepted(let count):
            #expect(count == 0 ? size == expected.count : size > expected.count)
            try handle.seek(toOffset: UInt64(expected.count))
            expected += [UInt8](handle.readDataToEndOfFile())
        }
        return outcome
    }

    /// Releases the appender (verification takes the shared lock the appender's exclusive one excludes),
    /// verifies the whole ledger, and opens the appender again from its cache.
    mutating func expectVerifies() throws {
        appender = nil
        defer { appender = try? Ledger.Appender(ledger: ledger, sealer: office) }
        let report = try Verifier.verify(ledger)
        #expect(report.isValid, "accepted records fail verification: \(report.failure?.description ?? "torn tail")")
        #expect(report.verifiedRecords == expected.split(separator: 0x0A).count)
    }

    mutating func nextTime(_ rng: inout SplitMix64) -> Timestamp {
        // Mostly forward, sometimes the same second, now and then backwards (refused).
        switch rng.next() % 20 {
        case 0: return time.adding(seconds: -3600)
        case 1, 2: return time
        default: return time.adding(seconds: Int64(rng.next() % 86_400))
        }
    }

    func reporter(_ rng: inout SplitMix64) -> (SigningKey, String) {
        let pick = keys[Int(rng.next() % UInt64(keys.count))]
        return (pick.key, pick.code)
    }

    // MARK: Generation

    static let texts = [
        "一季度新增12家", "", " ", "\u{3000}", " 前导", "尾随 ", "\u{00A0}x", "x\u{2029}", "\u{200B}零宽不是空白", "a\u{0301}", "\t", "K", "\u{212A}",
        "含\"引号\"和\\反斜杠", "\u{1F}", "x\u{85}",
    ]
    static let numbers: [Double] = [0, 100, 50, 99.9, -0.1, 100.1, -0.0, .nan, .infinity, -.infinity, 9_007_199_254_740_992, 1e21, 0.5, 1e-7, -5]
    static let codes = ["SWLSJ", "ZJJ", "KGXJ", "FGJ", "", "A", "ABCDEFGHIJKLMNOPQ", "A-B", "swlsj", "Ｋ", "\u{212A}A", "JW", "NEW1", "ZBBGS"]
    static let taskIDs = ["1.1", "1.2", "2.1", "3.4a", "", "1.1 ", String(repeating: "9", count: 33), "1/1", "9.9", "_1"]
    static let days: [CalendarDay] = [
        CalendarDay("2023-12-31")!, CalendarDay("2024-03-31")!, CalendarDay("2023-06-30")!, CalendarDay(daysSinceEpoch: 3_000_000),
        CalendarDay(daysSinceEpoch: -800_000), CalendarDay("9999-12-31")!, CalendarDay("0000-01-01")!,
    ]

    static func pick<T>(_ values: [T], _ rng: inout SplitMix64) -> T { values[Int(rng.next() % UInt64(values.count))] }

    /// A text that is valid most of the time.
    static func text(_ rng: inout SplitMix64) -> String { rng.next() % 10 == 0 ? pick(texts, &rng) : "说明\(rng.next() % 1000)" }
    static func number(_ rng: inout SplitMix64) -> Double { rng.next() % 8 == 0 ? pick(numbers, &rng) : Double(rng.next() % 101) }
    static func code(_ rng: inout SplitMix64) -> String { rng.next() % 8 == 0 ? pick(codes, &rng) : pick(departments, &rng) }
    static func taskID(_ rng: inout SplitMix64) -> String { rng.next() % 10 == 0 ? pick(taskIDs, &rng) : pick(tasks, &rng) }
    static func day(_ rng: inout SplitMix64) -> CalendarDay { rng.next() % 10 == 0 ? pick(days, &rng) : CalendarDay("2024-01-01")!.adding(days: Int(rng.next() % 400)) }
    static func digest(_ rng: inout SplitMix64) -> String {
        switch rng.next() % 6 {
        case 0: String(repeating: "AB", count: 32)
        case 1: String(repeating: "ab", count: 31)
        case 2: ""
        default: Hex.encode((0..<32).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        }
    }

    func someKey(_ rng: inout SplitMix64) -> VerifyingKey {
        switch rng.next() % 5 {
        case 0: office.publicKey
        case 1: keys[0].key.publicKey
        default: (try? SigningKey.generate(suite: rng.next() % 8 == 0 ? (suite == .sm2sm3 ? .ed25519sha256 : .sm2sm3) : suite).publicKey) ?? stranger.publicKey
        }
    }

    /// A key id to rotate or revoke: now and then the inspector's (valid once), mostly one that is not
    /// enrolled or not a key id at all. The departments' keys stay, so their reports go on being judged.
    func keyID(_ rng: inout SplitMix64) -> String {
        switch rng.next() % 40 {
        case 0: inspector.publicKey.keyID(in: suite)
        case 1...20: stranger.publicKey.keyID(in: suite)
        default: Self.digest(&rng)
        }
    }

    /// An event of any type, its members drawn from valid and invalid values.
    func event(_ rng: inout SplitMix64) -> Event {
        let task = Self.taskID(&rng)
        switch rng.next() % 16 {
        case 0:
            let role: Role = Self.pick([.department, .inspector, .operator], &rng)
            return .keyEnrolled(department: Self.code(&rng), name: Self.text(&rng), role: role, key: someKey(&rng))
        case 1: return .keyRotated(old: keyID(&rng), key: someKey(&rng))
        case 2: return .keyRevoked(key: keyID(&rng), reason: Self.text(&rng))
        case 3:
            var sections = [PlanSection(id: "1", title: Self.text(&rng))]
            if rng.next() % 3 == 0 { sections.append(PlanSection(id: Self.pick(["1", "headline", "2", ""], &rng), title: "第二部分")) }
            let scope = Self.pick(["headline", "1", "2", "9", ""], &rng)
            return .plan(
                title: Self.text(&rng), sections: sections,
                targets: rng.next() % 2 == 0 ? [] : [PlanTarget(scope: scope, target: Target(metric: Self.text(&rng), value: Self.number(&rng), unit: "亿元"))])
        case 4, 5:
            let lead = (0..<(rng.next() % 3)).map { _ in Self.code(&rng) }
            let co = (0..<(rng.next() % 3)).map { _ in Self.code(&rng) }
            let targets = (0..<(rng.next() % 2)).map { _ in
                Target(metric: Self.text(&rng), value: Self.number(&rng), unit: Self.text(&rng), comparator: Self.pick(Comparator.allCases, &rng))
            }
            let section: String? = rng.next() % 2 == 0 ? nil : Self.text(&rng)
            return .assigned(
                task: rng.next() % 2 == 0 ? "n\(rng.next() % 100_000)" : task,
                Assignment(title: Self.text(&rng), section: section, lead: lead, co: co, deadline: Self.day(&rng), targets: targets))
        case 6, 7, 8, 9:
            let metrics = (0..<(rng.next() % 3)).map { _ in MetricValue(metric: Self.text(&rng), value: Self.number(&rng), unit: Self.text(&rng)) }
            return .progress(task: task, percent: Self.number(&rng), metrics: metrics, note: rng.next() % 2 == 0 ? nil : Self.text(&rng))
        case 10, 11:
            let evidence = (0..<(rng.next() % 3)).map { _ in Evidence(name: Self.text(&rng), digest: Self.digest(&rng)) }
            return .closeRequested(task: task, evidence: evidence, note: rng.next() % 2 == 0 ? nil : Self.text(&rng))
        case 12:
            return Self.pick(
                [
                    .closeApproved(task: task, note: Self.text(&rng)), .closeReturned(task: task, reason: Self.text(&rng)),
                    .reopened(task: task, reason: Self.text(&rng)), .extensionApproved(task: task, note: nil),
                    .extensionRefused(task: task, reason: Self.text(&rng)), .leadDesignated(task: task, department: Self.code(&rng)),
                    .indicatorOwnerDesignated(scope: Self.pick(["headline", "1", "2", ""], &rng), metric: Self.text(&rng), department: Self.code(&rng)),
                ], &rng)
        default:
            return .extensionRequested(task: task, reason: Self.text(&rng), until: Self.day(&rng))
        }
    }

    /// One to three statements, each a generated event signed by a plausible (or a wrong) signer, with
    /// now and then a mutation of the statement itself: its ledger, id, time, claimed department or signature.
    mutating func batch(_ rng: inout SplitMix64) throws -> (statements: [SignedStatement], accepted: Timestamp) {
        var statements: [SignedStatement] = []
        for _ in 0..<(rng.next() % 4 == 0 ? 2 + Int(rng.next() % 2) : 1) {
            let event = self.event(&rng)
            let operatorType: Bool
            switch event {
            case .keyEnrolled, .keyRotated, .keyRevoked, .plan, .assigned, .genesis, .closeApproved, .closeReturned, .reopened, .extensionApproved,
                .extensionRefused, .leadDesignated, .indicatorOwnerDesignated:
                operatorType = true
            default: operatorType = false
            }
            var (key, code) = operatorType && rng.next() % 8 != 0 ? (office, "ZBBGS") : reporter(&rng)
            switch rng.next() % 24 {
            case 0: (key, code) = (inspector, "JW")
            case 1: (key, code) = (stranger, "SWLSJ")
            case 2: code = Self.pick(Self.codes, &rng)
            default: break
            }
            var statement = Statement(
                ledger: Self.ledgerID, time: time, department: code, keyID: key.publicKey.keyID(in: suite), event: event)
            var signer = key
            switch rng.next() % 30 {
            case 0: statement.ledger = Self.pick(["other-2023", "PROP-2023", "p", ""], &rng)
            case 1: statement.id = Self.pick(["", "ABCDEF0123456789ABCDEF0123456789", "00", String(repeating: "g", count: 32)], &rng)
            case 2: statement.time = Timestamp(secondsSinceEpoch: Self.pick([Int64(400_000_000_000), -70_000_000_000, 0], &rng))
            case 3: signer = stranger
            case 4 where !acceptedIDs.isEmpty:
                // A replay of an accepted statement.
                statements.append(Self.pick(acceptedIDs, &rng))
                continue
            case 5: statement.keyID = Self.digest(&rng)
            default: break
            }
            // Signing refuses what the format refuses; such a statement can still reach the ledger as a
            // file, so sign its bytes directly and let append judge it.
            var signed: SignedStatement
            do {
                signed = try statement.signed(with: signer)
            } catch {
                guard statement.event.allNumbersFinite else { continue }
                signed = SignedStatement(statement: statement, signature: try signer.signature(for: statement.signingMessage))
            }
            if rng.next() % 40 == 0 { signed.signature = Self.pick([[], [1, 2, 3], Array(repeating: 0, count: 64)], &rng) }
            statements.append(signed)
        }
        return (statements, nextTime(&rng))
    }

    /// A batch file of one to three rows, valid more often than not.
    static func batchText(_ rng: inout SplitMix64, csv: Bool) -> String {
        var rows: [[String: String]] = []
        for _ in 0..<(1 + rng.next() % 3) {
            var row: [String: String] = ["task": taskID(&rng)]
            // Progress most often: in version 2 an application or an extension request waits for the office,
            // so a second one for the same task is refused until it decides.
            switch rng.next() % 6 {
            case 0:
                row["type"] = "close-requested"
                row["evidence"] = rng.next() % 4 == 0 ? "" : "报告.pdf=\(digest(&rng))"
            case 1:
                row["type"] = "extension-requested"
                row["reason"] = text(&rng)
                row["until"] = rng.next() % 5 == 0 ? pick(["2024-02-30", "24-01-01", ""], &rng) : day(&rng).description
            case 2:
                row["type"] = pick(["assigned", "progress ", "genesis", "PROGRESS"], &rng)
            default:
                row["type"] = "progress"
                row["percent"] = rng.next() % 4 == 0 ? pick(["-0.1", "100.1", "abc", "", "1e2", "50"], &rng) : String(rng.next() % 101)
                if rng.next() % 2 == 0 { row["metrics"] = "\(text(&rng))=\(rng.next() % 50) 家" }
                if rng.next() % 2 == 0 { row["note"] = text(&rng) }
            }
            rows.append(row)
        }
        if csv {
            let columns = ["type", "task", "percent", "metrics", "note", "evidence", "reason", "until"]
            func cell(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            return ([columns.joined(separator: ",")] + rows.map { r in columns.map { cell(r[$0] ?? "") }.joined(separator: ",") }).joined(separator: "\n")
                + "\n"
        }
        return rows.map { row in
            var o: [String: JSONValue] = [:]
            for (k, v) in row {
                switch k {
                case "percent": o[k] = Double(v).map { .number($0) } ?? .string(v)
                case "metrics":
                    let parts = v.split(separator: "=", maxSplits: 1).map(String.init)
                    o[k] = [["metric": .string(parts.first ?? ""), "value": .number(Double(rng.next() % 50)), "unit": "家"]]
                case "evidence":
                    let parts = v.split(separator: "=", maxSplits: 1).map(String.init)
                    o[k] = v.isEmpty ? [] : [["name": .string(parts.first ?? ""), "digest": .string(parts.last ?? "")]]
                default: o[k] = .string(v)
                }
            }
            return String(decoding: JSONValue.object(o).canonicalBytes, as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }

    /// A plan file of two tasks, mutated now and then.
    static func planText(_ rng: inout SplitMix64, taskPrefix: String) -> String {
        func task(_ n: Int) -> JSONValue {
            let lead: [JSONValue] = rng.next() % 8 == 0 ? [] : [.string(code(&rng))]
            let co: [JSONValue] = rng.next() % 3 == 0 ? [.string(code(&rng))] : []
            let id = rng.next() % 10 == 0 ? pick(["", "1 1", taskPrefix + ".1"], &rng) : "\(taskPrefix).\(n)"
            let deadline = rng.next() % 10 == 0 ? pick(["2023-02-29", "2023/12/31", "20231231"], &rng) : "2023-12-31"
            let comparator = rng.next() % 10 == 0 ? "≥" : ">="
            return [
                "id": .string(id), "section": "1", "title": .string(text(&rng)), "lead": .array(lead), "co": .array(co), "deadline": .string(deadline),
                "targets": [["metric": .string(text(&rng)), "value": .number(Double(rng.next() % 100)), "unit": "家", "comparator": .string(comparator)]],
            ]
        }
        let plan: JSONValue = [
            "title": .string(text(&rng)),
            "id": "plan", "year": 2023,
            "headlineTargets": [["metric": "地区生产总值", "value": 420, "unit": "亿元", "comparator": ">="]],
            "sections": [["id": "1", "number": "（一）", "title": .string(text(&rng)), "targets": []]],
            "tasks": [task(1), task(2)],
        ]
        return String(decoding: plan.canonicalBytes, as: UTF8.self)
    }
}
