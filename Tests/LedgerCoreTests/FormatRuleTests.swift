import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// Rules the independent verifier's author found the spec had to pin down (docs/FORMAT.md §2.2, §2.3, §5.3).
@Suite("Format rules", .temporaryDirectory)
struct FormatRuleTests {
    static func body(_ type: String, task: String? = nil, _ body: JSONValue) throws -> JSONValue {
        var statement: JSONValue = [
            "ledger": "pingjiang-2023", "id": "00000000000000000000000000000001", "time": "2023-01-01T00:00:00Z", "by": "ZBBGS",
            "key": .string(String(repeating: "a", count: 64)), "type": .string(type), "body": body, "sig": "AAAA",
        ]
        if let task, case .object(var o) = statement { o["task"] = .string(task); statement = .object(o) }
        return statement
    }

    static func refusal(_ statement: JSONValue) -> RecordError? {
        do {
            _ = try SignedStatement(json: statement)
            return nil
        } catch {
            return error
        }
    }

    @Test("an SM2 key is enrolled only in its uncompressed form, so one key has one key id")
    func compressedKeyRefused() throws {
        let dir = try TemporaryDirectory.make("sm2-key")
        let pem = dir.appendingPathComponent("k.pem").path, der = dir.appendingPathComponent("k.der").path
        for args in [
            ["genpkey", "-algorithm", "SM2", "-out", pem], ["ec", "-in", pem, "-pubout", "-conv_form", "compressed", "-outform", "DER", "-out", der],
        ] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            p.arguments = args
            p.environment = try TemporaryDirectory.environment()
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
        let compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: der)))
        #expect(compressed.count == 59)
        let error = Self.refusal(
            try Self.body("key-enrolled", ["dept": "SWLSJ", "name": "商务粮食局", "role": "department", "key": .string(Base64.encode(compressed))]))
        #expect(error?.field == "body.key")
        #expect(error?.reason.contains("uncompressed") == true)
        let uncompressed = try SigningKey.generate(suite: .sm2sm3).publicKey.derRepresentation
        #expect(
            Self.refusal(try Self.body("key-enrolled", ["dept": "SWLSJ", "name": "商务粮食局", "role": "department", "key": .string(Base64.encode(uncompressed))]))
                == nil)
    }

    // FORMAT.md §2.2, last paragraph: every comparison a rule makes between strings is on Unicode
    // scalars. One test per rule it lists (ids, codes, names, section ids and scopes, types,
    // comparators), each with strings Swift's `String ==` calls equal (canonically equivalent) and the
    // format calls different. Å as one scalar and as A + U+030A; 欄 and its compatibility ideograph
    // U+F91D (a canonical singleton); the Kelvin sign U+212A and K.
    static let equivalentPairs = [("\u{C5}", "A\u{30A}"), ("\u{6B04}", "\u{F91D}"), ("K", "\u{212A}")]

    @Test("string comparison: the pairs are canonically equivalent, so String == would merge them, and FormatRule.same does not")
    func comparisonIsOnScalars() {
        for (a, b) in Self.equivalentPairs { #expect(a == b && !FormatRule.same(a, b)) }
    }

    @Test("string comparison, ids: a task id spelled with the Kelvin sign is not task K1, and a ledger id must be this ledger's byte for byte")
    func idsCompareAsScalars() throws {
        let f = try LedgerFixture()
        try f.appendByOffice(
            .assigned(task: "K1", Assignment(title: "开尔文", section: "1", lead: ["SWLSJ"], co: [], deadline: CalendarDay("2023-12-31")!)),
            at: "2023-02-01T00:00:00Z")
        // Progress on "\u{212A}1" (equal to "K1" for String ==) is not progress on K1.
        let kelvin = try Statement(
            ledger: LedgerFixture.ledgerID, time: LedgerFixture.time("2023-03-01T00:00:00Z"), department: "SWLSJ",
            keyID: f.commerce.publicKey.keyID(in: f.suite), event: .progress(task: "\u{212A}1", percent: 10, metrics: [], note: nil))
        #expect(throws: RecordError.self) { try kelvin.signed(with: f.commerce) }
        let taskField = Self.refusal(try Self.body("progress", task: "\u{212A}1", ["percent": 10]))
        #expect(taskField?.field == "task")
        // A statement for "pingjiang-2023" with the Kelvin sign nowhere to hide: ledger ids are lowercase
        // ASCII, so an equivalent spelling is refused by syntax; a ledger id with a different scalar is
        // another ledger.
        let other = try Statement(
            ledger: "pingjiang-2024", time: LedgerFixture.time("2023-03-01T00:00:00Z"), department: "SWLSJ",
            keyID: f.commerce.publicKey.keyID(in: f.suite), event: .progress(task: "K1", percent: 10, metrics: [], note: nil)
        ).signed(with: f.commerce)
        let wrongLedger = #expect(throws: LedgerError.self) {
            try f.ledger.append([other], sealer: f.office, accepted: LedgerFixture.time("2023-03-02T00:00:00Z"))
        }
        guard case .record(let refusal)? = wrongLedger else { Issue.record("expected a refusal"); return }
        #expect(refusal.code == .wrongLedger)
        try f.append(.progress(task: "K1", percent: 10, metrics: [], note: nil), by: f.commerce, department: "SWLSJ", at: "2023-03-02T00:00:00Z")
    }

    @Test("string comparison, codes: a department code spelled with the Kelvin sign is not KGXJ")
    func codesCompareAsScalars() throws {
        var statement = try Self.body("progress", task: "1.6", ["percent": 10])
        if case .object(var o) = statement { o["by"] = "\u{212A}GXJ"; statement = .object(o) }
        #expect(Self.refusal(statement)?.field == "by")
        let lead = Self.refusal(
            try Self.body("assigned", task: "1.6", ["title": "t", "section": "1", "lead": ["\u{212A}GXJ"], "co": [], "deadline": "2023-12-31", "targets": []]))
        #expect(lead?.field == "body.lead[0]", "\(String(describing: lead))")
        // lead and co must not share a department: KGXJ and the Kelvin spelling are not the same one,
        // and the second is not a code at all.
        let both = Self.refusal(
            try Self.body("assigned", task: "1.6", ["title": "t", "section": "1", "lead": ["KGXJ"], "co": ["KGXJ"], "deadline": "2023-12-31", "targets": []]))
        #expect(both?.field == "body.co[0]")
    }

    @Test("string comparison, names: a department's second key must repeat its first name byte for byte, not a canonically equivalent one")
    func namesCompareAsScalars() throws {
        let f = try LedgerFixture()
        try f.appendByOffice(
            .keyEnrolled(department: "WLJ", name: "\u{6B04}局", role: .department, key: try SigningKey.generate(suite: f.suite).publicKey),
            at: "2023-02-01T00:00:00Z")
        let error = #expect(throws: LedgerError.self) {
            try f.appendByOffice(
                .keyEnrolled(department: "WLJ", name: "\u{F91D}局", role: .department, key: try SigningKey.generate(suite: f.suite).publicKey),
                at: "2023-02-01T00:00:00Z")
        }
        guard case .record(let refusal)? = error else { Issue.record("expected a refusal"); return }
        #expect(refusal.field == "statement.body.name")
        try f.appendByOffice(
            .keyEnrolled(department: "WLJ", name: "\u{6B04}局", role: .department, key: try SigningKey.generate(suite: f.suite).publicKey),
            at: "2023-02-01T00:00:00Z")
    }

    @Test("string comparison, section ids and scopes: sections that differ as scalars are two sections, and a scope names one byte for byte")
    func sectionIDsAndScopesCompareAsScalars() throws {
        let section = Self.refusal(
            try Self.body("plan", ["title": "方案", "sections": [["id": "\u{C5}", "title": "a"], ["id": "A\u{30A}", "title": "b"]], "targets": []]))
        #expect(section == nil, "two section ids that differ as bytes are two sections")
        let scope = Self.refusal(
            try Self.body(
                "plan",
                [
                    "title": "方案", "sections": [["id": "\u{C5}", "title": "a"]],
                    "targets": [["scope": "A\u{30A}", "metric": "m", "value": 1, "unit": "u", "comparator": ">="]],
                ]))
        #expect(scope?.field == "body.targets[0].scope", "a scope must name a section byte for byte")
        // "headline" is a scope of its own only as those eight ASCII bytes.
        let headline = Self.refusal(
            try Self.body(
                "plan",
                ["title": "方案", "sections": [], "targets": [["scope": "headline\u{200B}", "metric": "m", "value": 1, "unit": "u", "comparator": ">="]]]))
        #expect(headline?.field == "body.targets[0].scope")
    }

    @Test("string comparison, types: a type, suite or role is one of its names byte for byte; no normalisation maps a look-alike onto it")
    func typesCompareAsScalars() throws {
        // No type name has a canonically equivalent spelling other than itself, so what the rule must
        // keep out is any normalisation: the fullwidth (NFKC-equivalent) and combining spellings.
        for type in ["ｐｒｏｇｒｅｓｓ", "progres\u{15B}", "progress\u{301}", "PROGRESS"] {
            #expect(Self.refusal(try Self.body(type, task: "1.6", ["percent": 10]))?.field == "type", "\(type)")
        }
        #expect(Self.refusal(try Self.body("progress", task: "1.6", ["percent": 10])) == nil)
        let key = Base64.encode(try SigningKey.generate(suite: .ed25519sha256).publicKey.derRepresentation)
        for role in ["ｄepartment", "department\u{301}"] {
            let refusal = Self.refusal(try Self.body("key-enrolled", ["dept": "SWLSJ", "name": "商务粮食局", "role": .string(role), "key": .string(key)]))
            #expect(refusal?.field == "body.role", "\(role)")
        }
        let batch = #expect(throws: RecordError.self) {
            try BatchFile.parse(Array("{\"type\":\"ｐrogress\",\"task\":\"1.6\",\"percent\":1}\n".utf8), format: .jsonl)
        }
        #expect(batch?.field == "row 1.type")
    }

    @Test("string comparison, comparators: a comparator is one of its ASCII spellings byte for byte")
    func comparatorsCompareAsScalars() throws {
        // ">" + U+0338 is canonically ≯ (U+226F); "=" + U+0338 is ≠; fullwidth ＞＝ is NFKC ">=".
        for comparator in [">\u{338}", "=\u{338}", "\u{226F}", "＞＝", "≥", ">= "] {
            let refusal = Self.refusal(
                try Self.body(
                    "assigned", task: "1.6",
                    [
                        "title": "t", "section": "1", "lead": ["SWLSJ"], "co": [], "deadline": "2023-12-31",
                        "targets": [["metric": "m", "value": 1, "unit": "u", "comparator": .string(comparator)]],
                    ]))
            #expect(refusal?.field == "body.targets[0].comparator", "\(comparator): \(String(describing: refusal))")
        }
    }

    @Test(
        "decimal text: what people type for a number on the command line or in a cell",
        arguments: [
            ("50", 50.0), ("-0.5", -0.5), ("1e2", 100.0), ("12.50", 12.5), ("3E-1", 0.3), ("nan", nil), ("NaN", nil), ("inf", nil), ("0x10", nil),
            ("1e400", nil), ("+5", nil), (".5", nil), ("5.", nil), ("", nil), ("1 2", nil), ("١٢", nil), ("12abc", nil),
        ] as [(String, Double?)])
    func decimalText(text: String, value: Double?) {
        #expect(DecimalText.parse(text) == value)
    }

    @Test("an Ed25519 key of small order or with y ≥ p cannot be enrolled: the record fails at step 1, naming the key")
    func smallOrderEd25519KeyRefused() throws {
        let prefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]
        let identity: [UInt8] = [0x01] + Array(repeating: 0, count: 31)
        let yEqualsP: [UInt8] = [0xed] + Array(repeating: 0xff, count: 30) + [0x7f]
        for key in [identity, yEqualsP] {
            let body: JSONValue = ["dept": "SWLSJ", "name": "商务粮食局", "role": "department", "key": .string(Base64.encode(prefix + key))]
            let refusal = Self.refusal(try Self.body("key-enrolled", body))
            #expect(refusal?.field == "body.key" && refusal?.code == .invalidValue, "\(String(describing: refusal))")
        }
    }

    @Test("a key of the other suite enrolled later fails at the record that enrols it (FORMAT.md §2.3, §6 step 8), naming body.key")
    func otherSuiteKeyFailsAtItsRecord() throws {
        let f = try LedgerFixture()
        let sm2 = try SigningKey.generate(suite: .sm2sm3).publicKey
        let before = try f.logBytes()
        let refused = #expect(throws: LedgerError.self) {
            try f.appendByOffice(.keyEnrolled(department: "FGJ", name: "发改局", role: .department, key: sm2), at: "2023-02-01T00:00:00Z")
        }
        guard case .record(let refusal)? = refused else { Issue.record("expected a refusal"); return }
        #expect(refusal.seq == 6 && refusal.field == "statement.body.key")
        #expect(try f.logBytes() == before)
        // Written around the appender, the verifier names the same record and member.
        let statement = try f.statement(.keyEnrolled(department: "FGJ", name: "发改局", role: .department, key: sm2), by: f.office, department: "ZBBGS")
        let head = try f.verify().head
        let record = try Record(seq: 6, prev: head, accepted: LedgerFixture.time("2023-02-01T00:00:00Z"), signed: statement, sealer: f.office)
        try (before + Data(record.line + [0x0A])).write(to: URL(fileURLWithPath: f.logPath))
        let report = try f.verify()
        #expect(report.failure?.seq == 6 && report.failure?.field == "statement.body.key", "\(String(describing: report.failure))")
        #expect(report.verifiedRecords == 6)
    }

    @Test("plan targets name a section of the plan, and section ids are unique")
    func planScopes() throws {
        let target: JSONValue = ["scope": "9", "metric": "地区生产总值", "value": 420, "unit": "亿元", "comparator": ">="]
        let unknown = Self.refusal(try Self.body("plan", ["title": "方案", "sections": [["id": "1", "title": "（一）"]], "targets": [target]]))
        #expect(unknown?.field == "body.targets[0].scope")
        let twice = Self.refusal(try Self.body("plan", ["title": "方案", "sections": [["id": "1", "title": "a"], ["id": "1", "title": "b"]], "targets": []]))
        #expect(twice?.field == "body.sections[1].id")
        #expect(Self.refusal(try Self.body("plan", ["title": "方案", "sections": [["id": "9", "title": "（九）"]], "targets": [target]])) == nil)
    }

    @Test(
        "text may not start or end with Unicode white space, and only that",
        arguments: [
            ("\u{3000}推进", true), ("推进\u{00A0}", true), ("推进\u{2028}", true), ("\t推进", true), ("\u{200B}推进", false), ("推进", false),
        ])
    func whiteSpace(text: String, refused: Bool) throws {
        let error = Self.refusal(try Self.body("extension-requested", task: "1.6", ["reason": .string(text), "until": "2024-03-31"]))
        #expect((error?.field == "body.reason") == refused)
    }
}

@Suite("Batch files say exactly one thing")
struct BatchFileAmbiguityTests {
    @Test(
        "a CSV cell that could be read two ways is refused, naming its row and column",
        arguments: [
            ("type,task,percent\nprogress,1.6,\"5\"0\n", "row 2", "column 3"),
            ("type,task,note,percent\nprogress,1.6,x\"y,5\n", "row 2", "column 3"),
            ("type,task,percent\n\"progress\" ,1.6,5\n", "row 2", "column 1"),
        ])
    func ambiguousCells(text: String, row: String, column: String) {
        let error = #expect(throws: RecordError.self) { _ = try BatchFile.parse(Array(text.utf8), format: .csv) }
        #expect(error?.field == row && error?.reason.hasPrefix(column) == true, "\(String(describing: error))")
    }

    @Test("quoted cells with commas, doubled quotes and line breaks still read as written")
    func quotedCells() throws {
        let text = "type,task,percent,note\nprogress,1.6,5,\"一季度, \"\"好\"\"\n第二行\"\n"
        let rows = try BatchFile.parse(Array(text.utf8), format: .csv)
        guard case .progress(_, _, _, let note) = rows.first?.event else { Issue.record("not a progress row"); return }
        #expect(note == "一季度, \"好\"\n第二行")
    }
}
