import Foundation

/// One row of a batch submission: the event a department reports, and the time it claims.
public struct BatchRow: Sendable {
    /// 1-based row number in the file (the header of a CSV is row 1).
    public var row: Int
    public var event: Event
    public var claimed: Timestamp?
}

/// A department's many statements at once, from JSON Lines or from a spreadsheet's CSV export.
///
/// Types: `progress`, `close-requested` (申请销号, with `evidence`) and `extension-requested` (申请延期,
/// with `reason` and `until`), a unit's own reports; the office's decisions are signed one by one.
///
/// JSON Lines: one object per line with `type`, `task`, optional `time`, and the body's fields
/// (`{"type":"progress","task":"1.6","percent":40,"metrics":[{"metric":"…","value":23,"unit":"家"}]}`).
///
/// CSV (RFC 4180, UTF-8, optional BOM, CRLF or LF): a header row naming any of the columns
/// `type, task, percent, metrics, note, evidence, reason, until, time`; `metrics` holds
/// `METRIC=VALUE UNIT` items separated by `;`, `evidence` holds `NAME=HEX` items separated by `;`.
/// Empty cells are absent fields. Unknown columns are refused rather than ignored.
public enum BatchFile {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    /// The statements a unit may batch: its own reports on its tasks (version 2 types).
    public static let batchTypes = ["progress", "close-requested", "extension-requested"]

    /// The CSV columns a batch may have.
    public static let csvColumns = ["type", "task", "percent", "metrics", "note", "evidence", "reason", "until", "time"]

    /// Parses every row, all or nothing.
    /// - Throws: `RecordError` whose `field` starts with `row N` and names the column.
    public static func parse(_ bytes: [UInt8], format: Format) throws(RecordError) -> [BatchRow] {
        let rows: [BatchRow]
        switch format {
        case .jsonl: rows = try parseJSONLines(bytes)
        case .csv: rows = try parseCSV(bytes)
        }
        guard !rows.isEmpty else { throw RecordError(.malformed, "the batch has no rows") }
        return rows
    }

    /// Guesses the format from a file name (`.csv` → CSV, otherwise JSON Lines).
    public static func format(forPath path: String) -> Format {
        path.lowercased().hasSuffix(".csv") ? .csv : .jsonl
    }

    static func parseJSONLines(_ bytes: [UInt8]) throws(RecordError) -> [BatchRow] {
        var rows: [BatchRow] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.last == 0x0D ? line.dropLast() : line[...]
            if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let rowName = "row \(index + 1)"
            let value: JSONValue
            do {
                value = try JSONValue.parse(Array(trimmed))
            } catch {
                throw RecordError(.malformed, field: rowName, "not valid JSON at byte \(error.offset): \(error.reason)")
            }
            guard case .object(var object) = value else { throw RecordError(.malformed, field: rowName, "must be a JSON object") }
            let type = object.removeValue(forKey: "type")?.stringValue
            let task = object.removeValue(forKey: "task")?.stringValue
            let time = object.removeValue(forKey: "time")
            rows.append(
                try row(
                    index + 1, type: type, task: task, time: time?.stringValue, timeIsString: time == nil || time?.stringValue != nil, body: .object(object)))
        }
        return rows
    }

    static func parseCSV(_ bytes: [UInt8]) throws(RecordError) -> [BatchRow] {
        var input = bytes
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { input.removeFirst(3) }
        let table = try CSVTable.parse(input)
        guard let header = table.first else { throw RecordError(.malformed, "the CSV file is empty") }
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for (i, column) in columns.enumerated() {
            guard csvColumns.contains(column) else {
                throw RecordError(.malformed, field: "row 1", "unknown column \"\(header[i])\" (columns: \(csvColumns.joined(separator: ", ")))")
            }
            guard !columns[..<i].contains(column) else { throw RecordError(.malformed, field: "row 1", "column \"\(column)\" appears twice") }
        }
        guard columns.contains("type"), columns.contains("task") else {
            throw RecordError(.malformed, field: "row 1", "the header needs at least the columns type and task")
        }
        var rows: [BatchRow] = []
        for (index, cells) in table.enumerated().dropFirst() {
            let rowNumber = index + 1
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard cells.count == columns.count else {
                throw RecordError(.malformed, field: "row \(rowNumber)", "has \(cells.count) cells, the header has \(columns.count)")
            }
            var cell: [String: String] = [:]
            for (column, value) in zip(columns, cells) {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { cell[column] = trimmed }
            }
            var body: [String: JSONValue] = [:]
            if let percent = cell["percent"] {
                guard let value = DecimalText.parse(percent.hasSuffix("%") ? String(percent.dropLast()) : percent) else {
                    throw RecordError(.invalidValue, field: "row \(rowNumber).percent", "\"\(percent)\" is not a number")
                }
                body["percent"] = .number(value)
            }
            if let metrics = cell["metrics"] {
                body["metrics"] = .array(
                    try metrics.split(separator: ";").map { item throws(RecordError) in
                        let m: MetricValue
                        do throws(RecordError) { m = try MetricValue(parsing: String(item)) } catch {
                            throw RecordError(.invalidValue, field: "row \(rowNumber).metrics", error.reason)
                        }
                        return ["metric": .string(m.metric), "value": .number(m.value), "unit": .string(m.unit)]
                    })
            }
            if let evidence = cell["evidence"] {
                body["evidence"] = .array(try items(evidence, row: rowNumber, column: "evidence").map { ["name": .string($0.0), "digest": .string($0.1)] })
            }
            for key in ["note", "reason", "until"] { if let v = cell[key] { body[key] = .string(v) } }
            rows.append(try row(rowNumber, type: cell["type"], task: cell["task"], time: cell["time"], timeIsString: true, body: .object(body)))
        }
        return rows
    }

    private static func row(_ number: Int, type: String?, task: String?, time: String?, timeIsString: Bool, body: JSONValue) throws(RecordError) -> BatchRow {
        let rowName = "row \(number)"
        guard let type else { throw RecordError(.malformed, field: "\(rowName).type", "missing") }
        guard batchTypes.contains(where: { FormatRule.same($0, type) }) else {
            let instead = FormatVersion.successor(of: type).map { "; use \($0)" } ?? ""
            throw RecordError(.invalidValue, field: "\(rowName).type", "\"\(type)\" cannot be batched (\(batchTypes.joined(separator: ", ")))\(instead)")
        }
        guard let task, Identifier.isTaskID(task) else { throw RecordError(.invalidValue, field: "\(rowName).task", "missing or not a task id") }
        guard timeIsString else { throw RecordError(.malformed, field: "\(rowName).time", "must be a string") }
        var claimed: Timestamp?
        if let time {
            guard let t = Timestamp(time) else {
                throw RecordError(.invalidValue, field: "\(rowName).time", "\"\(time)\" is not a UTC time YYYY-MM-DDTHH:MM:SSZ")
            }
            claimed = t
        }
        // The tool's text rule (no control characters), naming the row and column.
        try InputText.check(body, path: rowName)
        do {
            // The format's own body rules, so the row is named here rather than the record at append.
            let event = try Event(type: type, task: task, body: body)
            try event.validateBody()
            try FormatRule.checkLimits(body, version: FormatVersion.current)
            return BatchRow(row: number, event: event, claimed: claimed)
        } catch {
            throw error.nested(under: rowName)
        }
    }

    private static func items(_ text: String, row: Int, column: String) throws(RecordError) -> [(String, String)] {
        var out: [(String, String)] = []
        for item in text.split(separator: ";") {
            guard let eq = item.lastIndex(of: "=") else {
                throw RecordError(.malformed, field: "row \(row).\(column)", "\"\(item)\" is not NAME=VALUE")
            }
            out.append((item[..<eq].trimmingCharacters(in: .whitespaces), item[item.index(after: eq)...].trimmingCharacters(in: .whitespaces)))
        }
        return out
    }
}

/// RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks.
enum CSVTable {
    static func parse(_ bytes: [UInt8]) throws(RecordError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        // Just after a quoted cell's closing quote: only a comma or a line break may follow.
        var closed = false
        var i = 0
        var invalidUTF8: RecordError?
        func endField() {
            if invalidUTF8 == nil, let bad = InputFile.firstInvalidUTF8(field) {
                invalidUTF8 = RecordError(
                    .malformed, field: "row \(rows.count + 1)",
                    "column \(row.count + 1): byte \(bad + 1) of the cell is not valid UTF-8 (save the spreadsheet as \"CSV UTF-8\")")
            }
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll()
        }
        func ambiguous(_ why: String) -> RecordError {
            RecordError(
                .malformed, field: "row \(rows.count + 1)",
                "column \(row.count + 1): \(why); quote the whole cell and double the quotes inside (\"\"\"x\"\"y\")")
        }
        while i < bytes.count {
            let b = bytes[i]
            if closed && b != 0x2C && b != 0x0A && b != 0x0D { throw ambiguous("text after a quoted cell's closing quote") }
            closed = false
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        quoted = false
                        closed = true
                    }
                } else {
                    field.append(b)
                }
            } else if b == 0x22 && field.isEmpty {
                quoted = true
            } else if b == 0x22 {
                throw ambiguous("a quote inside a cell that does not start with one")
            } else if b == 0x2C {
                endField()
            } else if b == 0x0A || b == 0x0D {
                endField()
                rows.append(row)
                row.removeAll()
                if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
            } else {
                field.append(b)
            }
            i += 1
        }
        if quoted { throw RecordError(.malformed, field: "row \(rows.count + 1)", "a quoted cell is not closed") }
        if !field.isEmpty || !row.isEmpty { endField(); rows.append(row) }
        if let invalidUTF8 { throw invalidUTF8 }
        return rows
    }
}
