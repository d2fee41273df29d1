import LedgerCrypto

extension Record {
    /// Reads a canonical record line in one pass (``CanonicalReader``): members in their canonical order
    /// matched as bytes, values checked as they are read, the statement and the messages cut from the
    /// line by the offsets seen on the way. Returns nil for anything it does not accept; the caller then
    /// runs the reference path (``init(referenceLine:expectedSeq:)``), which refuses it with the field and
    /// the reason, or, should this reader be narrower than the format, accepts it.
    ///
    /// The same rule functions as the reference path decide every value (``FormatRule``, ``Event``,
    /// ``Statement/validateValues()``); only the JSON layer differs.
    static func parsingCanonical(line: [UInt8]) -> Record? {
        line.withUnsafeBufferPointer { buffer -> Record? in
            var r = CanonicalReader(buffer)
            guard r.expect("{"), r.member("accepted"), let accepted = r.timestamp() else { return nil }
            guard r.expect(","), r.member("prev"), let prev = r.string(), Identifier.isDigest(prev) else { return nil }
            guard r.expect(",") else { return nil }
            let sealStart = r.index
            guard r.member("seal"), let seal = r.base64(), !seal.isEmpty, r.expect(",") else { return nil }
            let sealEnd = r.index
            guard r.member("sealer"), let sealer = r.string(), Identifier.isDigest(sealer) else { return nil }
            guard r.expect(","), r.member("seq"), let seq = r.integer() else { return nil }
            guard r.expect(","), r.member("statement") else { return nil }
            let statementStart = r.index
            guard let parts = StatementParts(&r) else { return nil }
            let statementEnd = r.index
            guard r.expect(","), r.member("v"), let version = r.integer(), r.expect("}"), r.atEnd else { return nil }
            guard FormatVersion.supported.contains(version) else { return nil }
            guard (try? FormatRule.checkRecordSize(line.count, version: version)) != nil else { return nil }
            let sigCut = parts.sigStart..<parts.sigEnd
            guard let signed = parts.signed(line: buffer, version: version, canonicalCount: statementEnd - statementStart) else { return nil }

            return Record(
                version: version, seq: seq, prev: prev, accepted: accepted, signed: signed, sealer: sealer, seal: seal, line: line,
                sealCut: sealStart..<sealEnd, statementRange: statementStart..<statementEnd, sigCut: sigCut)
        }
    }

    private init(
        version: Int, seq: Int, prev: String, accepted: Timestamp, signed: SignedStatement, sealer: String, seal: [UInt8], line: [UInt8],
        sealCut: Range<Int>, statementRange: Range<Int>, sigCut: Range<Int>
    ) {
        self.version = version
        self.seq = seq
        self.prev = prev
        self.accepted = accepted
        self.signed = signed
        self.sealer = sealer
        self.seal = seal
        self.line = line
        self.sealCut = sealCut
        self.statementRange = statementRange
        self.sigCut = sigCut
    }
}

/// The members of a statement object as read from a canonical line, before the version (which comes
/// last in the record) decides what they may say.
private struct StatementParts {
    /// Where the body object lies in the line, read again as a ``JSONValue`` unless it is a progress report.
    var bodyRange: Range<Int>
    /// The body when it has the shape of a progress report (the bulk of a ledger), read without a tree.
    var progress: ProgressBody?
    var by: String
    var id: String
    var key: String
    var ledger: String
    var signature: [UInt8]
    var task: String?
    var time: Timestamp
    var type: String
    /// The offsets of `"sig":"…",` in the line, which the signing message leaves out.
    var sigStart: Int
    var sigEnd: Int

    /// Reads `{"body":…,"by":…,"id":…,"key":…,"ledger":…,"sig":…,["task":…,]"time":…,"type":…}`.
    init?(_ r: inout CanonicalReader) {
        guard r.expect("{"), r.member("body"), r.peek("{") else { return nil }
        let bodyStart = r.index
        let progress = ProgressBody(&r)
        if progress == nil {
            r.index = bodyStart
            guard r.skipValue() else { return nil }
        }
        let bodyRange = bodyStart..<r.index
        guard r.expect(","), r.member("by"), let by = r.string() else { return nil }
        guard r.expect(","), r.member("id"), let id = r.string() else { return nil }
        guard r.expect(","), r.member("key"), let key = r.string() else { return nil }
        guard r.expect(","), r.member("ledger"), let ledger = r.string(), r.expect(",") else { return nil }
        let sigStart = r.index
        guard r.member("sig"), let signature = r.base64(), !signature.isEmpty, r.expect(",") else { return nil }
        let sigEnd = r.index
        var task: String?
        if r.member("task") {
            guard let t = r.string(), r.expect(",") else { return nil }
            task = t
        }
        guard r.member("time"), let time = r.timestamp() else { return nil }
        guard r.expect(","), r.member("type"), let type = r.string(), r.expect("}") else { return nil }
        (self.bodyRange, self.progress, self.by, self.id, self.key, self.ledger, self.signature) = (bodyRange, progress, by, id, key, ledger, signature)
        (self.task, self.time, self.type, self.sigStart, self.sigEnd) = (task, time, type, sigStart, sigEnd)
    }

    /// The statement under the rules of `version`, exactly as ``SignedStatement/init(json:version:canonicalCount:)``
    /// decides them; nil where that would throw.
    /// Consuming: the strings move into the statement instead of being retained by both.
    consuming func signed(line: UnsafeBufferPointer<UInt8>, version: Int, canonicalCount: Int) -> SignedStatement? {
        guard Event.types.contains(where: { FormatRule.same($0, type) }), FormatVersion.allows(type: type, in: version) else { return nil }
        // A task member exactly when the type names a task (else the reference path calls it unknown or missing).
        guard Event.taskTypes.contains(where: { FormatRule.same($0, type) }) == (task != nil) else { return nil }
        let event: Event
        if let progress, FormatRule.same(type, "progress") {
            guard progress.fits(version: version) else { return nil }
            event = .progress(task: task ?? "", percent: progress.percent, metrics: progress.metrics, note: progress.note)
        } else {
            var r = CanonicalReader(UnsafeBufferPointer(rebasing: line[..<bodyRange.upperBound]), from: bodyRange.lowerBound)
            guard let body = r.value(), let e = try? Event(type: type, task: task, body: body) else { return nil }
            guard (try? FormatRule.checkLimits(body, version: version)) != nil else { return nil }
            event = e
        }
        let statement = Statement(ledger: ledger, id: id, time: time, department: by, keyID: key, event: event)
        guard (try? statement.validateValues()) != nil else { return nil }
        if version >= FormatVersion.v2 { guard (try? FormatRule.checkStatementSize(canonicalCount, version: version)) != nil else { return nil } }
        return SignedStatement(statement: statement, signature: signature)
    }
}

/// A progress report's body, `{["metrics":[{"metric":…,"unit":…,"value":…},…],]["note":…,]"percent":…}`,
/// read member by member as ``Event/init(type:task:body:)`` reads it from a tree.
private struct ProgressBody {
    var metrics: [MetricValue] = []
    var note: String?
    var percent: Double

    init?(_ r: inout CanonicalReader) {
        guard r.expect("{") else { return nil }
        var metrics: [MetricValue] = []
        if r.member("metrics") {
            // An absent list and an empty one would be two spellings of one body: the reference refuses `[]`.
            guard r.expect("[") else { return nil }
            repeat {
                guard r.expect("{"), r.member("metric"), let metric = r.string(), r.expect(","), r.member("unit"), let unit = r.string(),
                    r.expect(","), r.member("value"), let value = r.number(), r.expect("}")
                else { return nil }
                metrics.append(MetricValue(metric: metric, value: value, unit: unit))
            } while r.expect(",")
            guard r.expect("]"), r.expect(",") else { return nil }
        }
        var note: String?
        if r.member("note") {
            guard let text = r.string(), r.expect(",") else { return nil }
            note = text
        }
        guard r.member("percent"), let percent = r.number(), r.expect("}") else { return nil }
        (self.metrics, self.note, self.percent) = (metrics, note, percent)
    }

    /// The version's limits on strings and arrays (``FormatRule/checkLimits(_:field:version:)``).
    func fits(version: Int) -> Bool {
        FormatRule.arrayFits(metrics.count, version: version) && FormatRule.stringFits(note?.utf8.count ?? 0, version: version)
            && metrics.allSatisfy {
                FormatRule.stringFits($0.metric.utf8.count, version: version) && FormatRule.stringFits($0.unit.utf8.count, version: version)
            }
    }
}
