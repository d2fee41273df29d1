extension Receipt {
    /// The receipt as `ledger submit --json` prints it and the server answers a submission:
    /// `{"accepted","hash","head","seq","statement"}`. One shape, so a script reads either the same way.
    public var json: JSONValue {
        [
            "seq": .number(Double(seq)), "statement": .string(statementID), "hash": .string(recordHash), "head": .string(head),
            "accepted": .string(accepted.description),
        ]
    }

    /// Reads a receipt back from ``json`` (what a client gets from the server).
    /// - Throws: `RecordError.malformed` naming the missing or mistyped field.
    public init(json: JSONValue) throws(RecordError) {
        guard let seq = json["seq"]?.intValue else { throw RecordError(.malformed, field: "seq", "missing or not an integer") }
        guard let statement = json["statement"]?.stringValue else { throw RecordError(.malformed, field: "statement", "missing or not a string") }
        guard let hash = json["hash"]?.stringValue else { throw RecordError(.malformed, field: "hash", "missing or not a string") }
        guard let head = json["head"]?.stringValue else { throw RecordError(.malformed, field: "head", "missing or not a string") }
        guard let accepted = json["accepted"]?.stringValue.flatMap(Timestamp.init) else {
            throw RecordError(.malformed, field: "accepted", "missing or not a timestamp")
        }
        self.init(seq: seq, statementID: statement, recordHash: hash, head: head, accepted: accepted)
    }
}
