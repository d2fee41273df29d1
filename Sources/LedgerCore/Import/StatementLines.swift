/// Signed statements as `ledger sign` writes them: one canonical JSON object per line (JSON Lines).
///
/// `ledger submit` reads its files with this, and the server reads request bodies with it, so a line a
/// department's tool writes is read by one rule wherever it is handed in. Blank lines (spaces or a CR
/// only) are skipped; anything else must be a whole signed statement.
public enum StatementLines {
    /// A line that is not a signed statement: its 1-based number and why.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The line's number, from 1.
        public let line: Int
        /// Not JSON at all (with the byte offset within the line), or JSON that is not a signed statement.
        public let problem: Problem

        public enum Problem: Sendable {
            case json(JSONError)
            case statement(RecordError)
        }

        /// `not valid JSON at byte 3: …` or `statement.body.percent: …`, without the line number (callers
        /// prefix it with where the line came from).
        public var reason: String {
            switch problem {
            case .json(let error): "not valid JSON at byte \(error.offset): \(error.reason)"
            case .statement(let error): (error.field?.hasPrefix("statement") == true ? error : error.nested(under: "statement")).description
            }
        }

        public var description: String { "line \(line): \(reason)" }
    }

    /// Parses every non-blank line of `bytes` into a signed statement, in order.
    /// - Throws: ``Failure`` at the first line that is not one; nothing is returned then.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> [SignedStatement] {
        var statements: [SignedStatement] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            statements.append(try parse(line: line, number: index + 1))
        }
        return statements
    }

    /// Parses one JSON document (it may span lines, as a pretty-printed statement does) as one signed statement.
    public static func parseDocument(_ bytes: [UInt8]) throws(Failure) -> SignedStatement {
        try parse(line: bytes[...], number: 1)
    }

    private static func parse(line: ArraySlice<UInt8>, number: Int) throws(Failure) -> SignedStatement {
        let value: JSONValue
        do {
            value = try JSONValue.parse(line)
        } catch {
            throw Failure(line: number, problem: .json(error))
        }
        do {
            let statement = try SignedStatement(json: value)
            // The input rules on text (control characters, lengths) that every way in applies.
            try InputText.check(value, path: "statement")
            return statement
        } catch {
            throw Failure(line: number, problem: .statement(error))
        }
    }
}
