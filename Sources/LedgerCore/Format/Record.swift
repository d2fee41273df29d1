import LedgerCrypto

/// One line of the log: an accepted statement, its position and its link to the record before it.
///
/// A record keeps the exact bytes it was read from (``line``), as a certificate keeps the bytes that
/// were signed: hashes are computed over those bytes, never over a re-encoding.
public struct Record: Sendable, Hashable {
    /// The format version this code writes (``FormatVersion/current``); it reads every version of
    /// ``FormatVersion/supported``.
    public static let version = FormatVersion.current

    /// This record's format version (`v`): what its statement may say and which limits apply.
    public let version: Int
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
    ///
    /// Built when asked for (by a signature check), not when the line is read: a replay without
    /// signatures never copies the line again.
    public var signingMessage: [UInt8] { Record.message(Statement.signingContext, line, statementRange, leavingOut: sigCut) }

    /// The bytes the seal covers: ``sealingContext`` and the canonical record without `seal`.
    public var sealingMessage: [UInt8] { Record.message(Record.sealingContext, line, 0..<line.count, leavingOut: sealCut) }

    /// Where `"seal":"…",` lies in ``line``: the sealing message is the line without it.
    let sealCut: Range<Int>
    /// Where the statement object lies in ``line``, and its `"sig":"…",`: the signing message is the
    /// statement without it.
    let statementRange: Range<Int>
    let sigCut: Range<Int>

    /// `context` followed by `line[range]` without `line[cut]`.
    static func message(_ context: [UInt8], _ line: [UInt8], _ range: Range<Int>, leavingOut cut: Range<Int>) -> [UInt8] {
        var message = context
        message.reserveCapacity(context.count + range.count - cut.count)
        line.withUnsafeBufferPointer { b in
            message.append(contentsOf: UnsafeBufferPointer(rebasing: b[range.lowerBound..<cut.lowerBound]))
            message.append(contentsOf: UnsafeBufferPointer(rebasing: b[cut.upperBound..<range.upperBound]))
        }
        return message
    }

    /// The `prev` of record 0.
    public static let zeroHash = String(repeating: "0", count: 64)

    /// The prefix that separates record seals from statement signatures.
    public static let sealingContext: [UInt8] = Array("accountability-ledger/record/v1\n".utf8)

    /// Wraps a statement as the record at `seq` and seals it with an operator key.
    ///
    /// The statement's value rules (``SignedStatement/validate()``) and the record's own (`seq`, `prev`,
    /// `accepted`) are checked first, so no record is built, let alone sealed, that step 1 of
    /// verification would reject.
    /// - Throws: `RecordError` naming the field (`statement.body.percent`), or `.badSignature` on `seal`
    ///   when OpenSSL cannot sign.
    /// `version` is ``version`` unless a test writes an older record on purpose.
    public init(seq: Int, prev: String, accepted: Timestamp, signed: SignedStatement, sealer: SigningKey, version: Int = Record.version) throws(RecordError) {
        do throws(RecordError) {
            guard FormatVersion.supported.contains(version) else { throw RecordError(.invalidValue, field: "v", "format version \(version) is not known") }
            try FormatRule.checkInteger(seq, field: "seq")
            try FormatRule.checkDigest(prev, field: "prev")
            try FormatRule.checkTime(accepted, field: "accepted")
            do {
                try signed.validate(version: version)
            } catch {
                throw error.nested(under: "statement")
            }
        } catch {
            throw error.at(seq: seq)
        }
        self.version = version
        self.seq = seq
        self.prev = prev
        self.accepted = accepted
        self.signed = signed
        self.sealer = sealer.publicKey.keyID(in: sealer.suite)
        var object: [String: JSONValue] = [
            "v": .number(Double(version)), "seq": .number(Double(seq)), "prev": .string(prev),
            "accepted": .string(accepted.description), "statement": signed.json, "sealer": .string(self.sealer),
        ]
        var message = Record.sealingContext
        JSONValue.object(object).writeCanonical(into: &message)
        do {
            self.seal = try sealer.signature(for: message)
        } catch {
            throw RecordError(.badSignature, field: "seal", seq: seq, "cannot seal: \(error.reason)")
        }
        object["seal"] = .string(Base64.encode(seal))
        self.line = JSONValue.object(object).canonicalBytes
        do {
            try FormatRule.checkRecordSize(line.count, version: version)
        } catch {
            throw error.at(seq: seq)
        }
        // The messages are cut from the line as for a line read from the log (RecordMessageTests checks
        // that they are the statement's and the record's JCS).
        (sealCut, statementRange, sigCut) = Record.cuts(line)
    }

    /// Parses and checks one line: canonical form, field types, version. Chain, signature and authority
    /// are the verifier's business.
    /// - Throws: `RecordError` with the field and reason; `seq` is set when the line's own seq is readable.
    ///
    /// A line is read in one pass (``parsingCanonical(line:)``); anything that pass does not accept is
    /// read again by the reference path, so a refusal names the same field and reason as it always did.
    public init(line: [UInt8], expectedSeq: Int) throws(RecordError) {
        if let record = Record.parsingCanonical(line: line) {
            self = record
        } else {
            try self.init(referenceLine: line, expectedSeq: expectedSeq)
        }
    }

    /// The reference reader: parse into a ``JSONValue``, compare its canonical form with the line, read the
    /// fields with ``ObjectReader``. Slower, and the one that explains refusals; the one-pass reader is
    /// checked against it (`CanonicalReaderDifferentialTests`).
    init(referenceLine line: [UInt8], expectedSeq: Int) throws(RecordError) {
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
            guard FormatVersion.supported.contains(v) else {
                throw RecordError(
                    .chainBroken, field: "v",
                    "format version \(v) is not supported (this verifier reads versions \(FormatVersion.supported.lowerBound)-\(FormatVersion.supported.upperBound))"
                )
            }
            version = v
            try FormatRule.checkRecordSize(line.count, version: v)
            seq = try r.integer("seq")
            prev = try r.string("prev")
            try FormatRule.checkDigest(prev, field: "prev")
            accepted = try r.timestamp("accepted")
            let statementJSON = try r.value("statement")
            sealer = try r.string("sealer")
            try FormatRule.checkDigest(sealer, field: "sealer")
            let sealText = try r.string("seal")
            guard let seal = Base64.decode(sealText), !seal.isEmpty else {
                throw RecordError(.malformed, field: "seal", "must be canonical padded base64")
            }
            self.seal = seal
            try r.finish()
            guard case .object = statementJSON else {
                throw RecordError(.malformed, field: "statement", "must be a JSON object")
            }
            // Both messages are the canonical form of the record (or statement) with one member left out.
            // The line is canonical (checked above), so that is the line's own bytes with that member cut
            // out: no second serialisation on the hot path. RecordMessageTests checks this equals JCS.
            (sealCut, statementRange, sigCut) = Record.cuts(line)
            do {
                signed = try SignedStatement(json: statementJSON, version: v, canonicalCount: Record.statementBytes(of: line).count)
            } catch {
                throw error.nested(under: "statement")
            }
        } catch {
            throw error.at(seq: expectedSeq)
        }
        self.line = line
    }

    /// The bytes of the `statement` object inside a canonical record line.
    ///
    /// Top-level members are sorted, so the line is `{…,"seq":N,"statement":{…},"v":1}` (or `"v":2`); nothing before
    /// `"statement":` can contain that sequence (times, hex, base64 and an integer), and the object
    /// ends where `,"v":N}` begins (a one-digit version).
    static func statementBytes(of line: [UInt8]) -> ArraySlice<UInt8> {
        let key = Array(#","statement":"#.utf8)
        let start = firstRange(of: key, in: line[...]).map { $0.upperBound } ?? line.startIndex
        return line[start..<(line.count - 7)]
    }

    /// Where the member `"name":"<base64>",` (a string member that is never last) lies in `object`; an
    /// empty range at its start if it has none.
    ///
    /// In canonical JSON a quote inside a string is escaped, so `"name":"` can only be a member name; the
    /// member is searched from the start (`last == false`) or from the end, whichever side holds only
    /// fixed-format values in this format.
    static func cut(member name: String, from object: ArraySlice<UInt8>, last: Bool) -> Range<Int> {
        let key = Array("\"\(name)\":\"".utf8)
        let found = last ? lastRange(of: key, in: object) : firstRange(of: key, in: object)
        guard let found, let close = object[found.upperBound...].firstIndex(of: UInt8(ascii: "\"")) else { return object.startIndex..<object.startIndex }
        // The member and the comma after it.
        return found.lowerBound..<(close + 2)
    }

    /// The `seal` member, the statement object and its `sig` member in a canonical record line.
    static func cuts(_ line: [UInt8]) -> (seal: Range<Int>, statement: Range<Int>, sig: Range<Int>) {
        let statement = statementBytes(of: line)
        return (cut(member: "seal", from: line[...], last: false), statement.indices, cut(member: "sig", from: statement, last: true))
    }

    private static func firstRange(of pattern: [UInt8], in bytes: ArraySlice<UInt8>) -> Range<Int>? {
        guard bytes.count >= pattern.count else { return nil }
        var i = bytes.startIndex
        while i <= bytes.endIndex - pattern.count {
            if bytes[i] == pattern[0] && bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return i..<(i + pattern.count) }
            i += 1
        }
        return nil
    }

    private static func lastRange(of pattern: [UInt8], in bytes: ArraySlice<UInt8>) -> Range<Int>? {
        guard bytes.count >= pattern.count else { return nil }
        var i = bytes.endIndex - pattern.count
        while i >= bytes.startIndex {
            if bytes[i] == pattern[0] && bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return i..<(i + pattern.count) }
            i -= 1
        }
        return nil
    }

    /// The record's hash under `suite`: H(0x00 ‖ line), the RFC 6962 leaf hash of the line.
    public func hash(_ suite: Suite) -> String { Record.hash(line: line, suite: suite) }

    /// H(0x00 ‖ line) as lowercase hex.
    public static func hash(line: [UInt8], suite: Suite) -> String {
        line.withUnsafeBytes { raw in
            withUnsafeTemporaryAllocation(byteCount: 32, alignment: 1) { digest in
                suite.hash(prefix: 0, raw, into: digest)
                return Hex.encode(UnsafeRawBufferPointer(digest))
            }
        }
    }
}
