import LedgerCrypto

/// One line of the log: an accepted statement, its position and its link to the record before it.
///
/// A record keeps the exact bytes it was read from (``line``), as a certificate keeps the bytes that
/// were signed: hashes are computed over those bytes, never over a re-encoding.
public struct Record: Sendable, Hashable {
    /// The format version this code writes and reads.
    public static let version = 1

    /// Position in the log, from 0 (the genesis record).
    public let seq: Int
    /// Hash of the previous record (64 zeros for record 0).
    public let prev: String
    /// When the ledger accepted the statement; never earlier than the previous record's.
    public let accepted: Timestamp
    public let signed: SignedStatement
    /// The id of the operator key that sealed the record.
    public let sealer: String
    /// The operator's signature over ``sealingMessage``: the office vouches for the position and the
    /// acceptance time, which no department signature covers.
    public let seal: [UInt8]
    /// The canonical JSON bytes of the record, without the trailing newline.
    public let line: [UInt8]
    /// The bytes the statement's signature covers, taken from the line itself (not re-encoded from the model).
    public let signingMessage: [UInt8]

    /// The bytes the seal covers: ``sealingContext`` and the canonical record without `seal`.
    public let sealingMessage: [UInt8]

    /// The `prev` of record 0.
    public static let zeroHash = String(repeating: "0", count: 64)

    /// The prefix that separates record seals from statement signatures.
    public static let sealingContext: [UInt8] = Array("accountability-ledger/record/v1\n".utf8)

    /// Wraps a statement as the record at `seq` and seals it with an operator key.
    /// - Throws: `CryptoError` when OpenSSL cannot sign.
    public init(seq: Int, prev: String, accepted: Timestamp, signed: SignedStatement, sealer: SigningKey) throws(CryptoError) {
        self.seq = seq
        self.prev = prev
        self.accepted = accepted
        self.signed = signed
        self.sealer = sealer.publicKey.keyID(in: sealer.suite)
        var object: [String: JSONValue] = [
            "v": .number(Double(Record.version)), "seq": .number(Double(seq)), "prev": .string(prev),
            "accepted": .string(accepted.description), "statement": signed.json, "sealer": .string(self.sealer),
        ]
        var message = Record.sealingContext
        JSONValue.object(object).writeCanonical(into: &message)
        self.sealingMessage = message
        self.seal = try sealer.signature(for: message)
        object["seal"] = .string(Base64.encode(seal))
        self.line = JSONValue.object(object).canonicalBytes
        self.signingMessage = signed.statement.signingMessage
    }

    /// Parses and checks one line: canonical form, field types, version. Chain, signature and authority
    /// are the verifier's business.
    /// - Throws: `RecordError` with the field and reason; `seq` is set when the line's own seq is readable.
    public init(line: [UInt8], expectedSeq: Int) throws(RecordError) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(line)
        } catch {
            throw RecordError(.malformed, seq: expectedSeq, "not valid JSON at byte \(error.offset): \(error.reason)")
        }
        try self.init(value: value, line: line, expectedSeq: expectedSeq)
    }

    init(value: JSONValue, line: [UInt8], expectedSeq: Int) throws(RecordError) {
        guard value.canonicalBytes == line else {
            throw RecordError(.malformed, seq: expectedSeq, "line is not in RFC 8785 canonical form (key order, spacing, escapes or number spelling differ)")
        }
        do throws(RecordError) {
            var r = try ObjectReader(value, path: nil)
            let v = try r.integer("v")
            guard v == Record.version else {
                throw RecordError(.chainBroken, field: "v", "format version \(v) is not supported (this verifier reads version \(Record.version))")
            }
            seq = try r.integer("seq")
            prev = try r.string("prev")
            guard Identifier.isDigest(prev) else { throw RecordError(.malformed, field: "prev", "must be 64 lowercase hex digits") }
            accepted = try r.timestamp("accepted")
            let statementJSON = try r.value("statement")
            sealer = try r.string("sealer")
            guard Identifier.isDigest(sealer) else { throw RecordError(.malformed, field: "sealer", "must be 64 lowercase hex digits") }
            let sealText = try r.string("seal")
            guard let seal = Base64.decode(sealText), !seal.isEmpty else {
                throw RecordError(.malformed, field: "seal", "must be canonical padded base64")
            }
            self.seal = seal
            try r.finish()
            guard case .object(var unsealed) = value else { preconditionFailure("checked by ObjectReader") }
            unsealed["seal"] = nil
            var sealing = Record.sealingContext
            JSONValue.object(unsealed).writeCanonical(into: &sealing)
            sealingMessage = sealing
            guard case .object(var unsigned) = statementJSON else {
                throw RecordError(.malformed, field: "statement", "must be a JSON object")
            }
            unsigned["sig"] = nil
            var message = Statement.signingContext
            JSONValue.object(unsigned).writeCanonical(into: &message)
            signingMessage = message
            do {
                signed = try SignedStatement(json: statementJSON)
            } catch {
                throw error.nested(under: "statement")
            }
        } catch {
            throw error.at(seq: expectedSeq)
        }
        self.line = line
    }

    /// The record's hash under `suite`: H(0x00 ‖ line), the RFC 6962 leaf hash of the line.
    public func hash(_ suite: Suite) -> String { Record.hash(line: line, suite: suite) }

    /// H(0x00 ‖ line) as lowercase hex.
    public static func hash(line: [UInt8], suite: Suite) -> String {
        var input: [UInt8] = [0]
        input.reserveCapacity(line.count + 1)
        input.append(contentsOf: line)
        return Hex.encode(suite.hash(input))
    }
}
