import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// The tool's input rules (not format rules): files within a size limit per kind, valid UTF-8 never
/// repaired, and no control characters in text that is signed or sealed.
@Suite("Input rules", .temporaryDirectory)
struct InputRuleTests {
    @Test("control characters are refused in text, except a tab and a line feed in notes and reasons")
    func controlCharacters() {
        for text in ["a\u{0}b", "a\u{7}", "\u{1B}[31m", "a\rb", "a\u{7F}", "a\u{85}b", "a\u{9F}"] {
            #expect(InputText.problem(in: text, multiLine: true) != nil, "\(text.unicodeScalars.map(\.value))")
            #expect(InputText.problem(in: text, multiLine: false) != nil)
        }
        #expect(InputText.problem(in: "一季度\n\t按计划", multiLine: true) == nil)
        #expect(InputText.problem(in: "一季度\n按计划", multiLine: false) != nil)
        #expect(InputText.problem(in: "市场监督管理局 (é, \u{A0}, \u{2028})", multiLine: false) == nil)
        #expect(InputText.problem(in: "a\u{7}", multiLine: false)?.contains("U+0007") == true)
    }

    @Test("the check names the field: a note may span lines, a title may not")
    func checkNamesTheField() throws {
        let body: JSONValue = ["note": "第一行\n第二行", "metrics": [["metric": "企业\u{0}", "value": 1, "unit": "家"]]]
        let error = #expect(throws: RecordError.self) { try InputText.check(body, path: "row 2") }
        #expect(error?.field == "row 2.metrics[0].metric")
        #expect(throws: Never.self) { try InputText.check(["note": "第一行\n第二行", "reason": "\t缩进"], path: nil) }
    }

    @Test("the appender seals no statement with a control character, and the log is unchanged")
    func appenderRefusesControlCharacters() throws {
        let f = try LedgerFixture()
        let before = try f.logBytes()
        let statement = try f.statement(.progress(task: "1.6", percent: 10, metrics: [], note: "一季度\u{1B}[2J"), by: f.commerce, department: "SWLSJ")
        let error = #expect(throws: LedgerError.self) {
            try f.ledger.append([statement], sealer: f.office, accepted: LedgerFixture.time("2023-04-01T00:00:00Z"))
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("statement.body.note"))
        #expect(try f.logBytes() == before)
        // A line feed in a note is text of several lines: sealed.
        let multiLine = try f.statement(.progress(task: "1.6", percent: 10, metrics: [], note: "一季度\n按计划"), by: f.commerce, department: "SWLSJ")
        try f.ledger.append([multiLine], sealer: f.office, accepted: LedgerFixture.time("2023-04-01T00:00:00Z"))
        #expect(try f.verify().isValid)
    }

    @Test("a CSV batch with a control character or an invalid UTF-8 byte in a cell is refused naming row and column")
    func batchCells() throws {
        let control = #expect(throws: RecordError.self) {
            try BatchFile.parse(Array("type,task,percent,note\nprogress,1.6,10,ok\nprogress,1.6,20,\"a\u{0}b\"\n".utf8), format: .csv)
        }
        #expect(control?.field == "row 3.note")
        let bytes = Array("type,task,percent,note\nprogress,1.6,10,".utf8) + [0x61, 0xE4, 0x62] + Array("\n".utf8)
        let invalid = #expect(throws: RecordError.self) { try BatchFile.parse(bytes, format: .csv) }
        #expect(invalid?.field == "row 2")
        #expect(invalid?.reason.contains("column 4") == true)
        let jsonl = #expect(throws: RecordError.self) {
            try BatchFile.parse(Array("{\"type\":\"extension-requested\",\"task\":\"1.6\",\"reason\":\"x\\u0000\",\"until\":\"2024-01-01\"}\n".utf8), format: .jsonl)
        }
        #expect(jsonl?.field == "row 1.reason")
    }

    @Test("an input file over its kind's limit, or not UTF-8, is refused naming the file and the line")
    func inputFiles() throws {
        let directory = try TemporaryDirectory.make("input")
        let big = directory.appendingPathComponent("big.csv").path
        #expect(FileManager.default.createFile(atPath: big, contents: Data(count: InputFile.Kind.batch.limit + 1)))
        let tooLarge = #expect(throws: InputFile.Refusal.self) { try InputFile.read(big, as: .batch) }
        #expect(tooLarge?.description.hasPrefix(big) == true)
        #expect(tooLarge?.reason.contains("16 MiB") == true)
        let exact = directory.appendingPathComponent("exact.pem").path
        #expect(FileManager.default.createFile(atPath: exact, contents: Data(repeating: 0x41, count: InputFile.Kind.publicKey.limit)))
        #expect(try InputFile.read(exact, as: .publicKey).count == InputFile.Kind.publicKey.limit)
        // A device that never ends is cut off at the limit, not read into memory.
        #expect(throws: InputFile.Refusal.self) { try InputFile.read("/dev/zero", as: .publicKey) }
        let latin1 = directory.appendingPathComponent("s.jsonl").path
        #expect(FileManager.default.createFile(atPath: latin1, contents: Data("{}\n{\"note\":\"caf".utf8) + Data([0xE9]) + Data("\"}\n".utf8)))
        let invalid = #expect(throws: InputFile.Refusal.self) { try InputFile.read(latin1, as: .statements) }
        #expect(invalid?.reason.hasPrefix("line 2:") == true)
        #expect(InputFile.firstInvalidUTF8(Array("平江县".utf8)) == nil)
        #expect(InputFile.firstInvalidUTF8([0x41, 0xED, 0xA0, 0x80]) == 1)  // an encoded surrogate is not UTF-8
        #expect(InputFile.firstInvalidUTF8([0x41, 0xC0, 0x80]) == 1)  // nor an overlong NUL
    }
}
