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

    @Test("strings are compared as Unicode scalars: canonically equivalent spellings are different values")
    func scalarComparison() throws {
        // Å as one scalar and as A + combining ring; 欄 and its compatibility ideograph U+F91D; the
        // Kelvin sign and K. Swift's String == calls each pair equal; the format does not.
        let pairs = [("\u{C5}", "A\u{30A}"), ("\u{6B04}", "\u{F91D}"), ("K", "\u{212A}")]
        for (a, b) in pairs { #expect(a == b && !FormatRule.same(a, b)) }
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
        #expect(Self.refusal(try Self.body("progress", task: "1.1", ["percent": 1])) == nil)
        #expect(Self.refusal(try Self.body("progres\u{73}", task: "1.1", ["percent": 1])) == nil)

        // A department's second key must repeat its first name exactly.
        let f = try LedgerFixture()
        try f.appendByOffice(.keyEnrolled(department: "WLJ", name: "\u{6B04}局", role: .department, key: try SigningKey.generate(suite: f.suite).publicKey), at: "2023-02-01T00:00:00Z")
        let error = #expect(throws: LedgerError.self) {
            try f.appendByOffice(
                .keyEnrolled(department: "WLJ", name: "\u{F91D}局", role: .department, key: try SigningKey.generate(suite: f.suite).publicKey), at: "2023-02-01T00:00:00Z")
        }
        guard case .record(let refusal)? = error else { Issue.record("expected a refusal"); return }
        #expect(refusal.field == "statement.body.name")
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
