import LedgerCrypto

/// What a signer says: an event about a task (or about keys), bound to one ledger, one id and a claimed time.
///
/// A statement does not name the ledger's head, so departments can sign offline and submit concurrently;
/// the ledger orders what it accepts. The ledger id and the statement id inside the signed bytes stop a
/// statement being replayed into another ledger or twice into this one.
public struct Statement: Sendable, Hashable {
    /// The ledger this statement is for.
    public var ledger: String
    /// 128 random bits, lowercase hex; unique within the ledger.
    public var id: String
    /// When the signer says it made the statement. Deadlines are never judged by this time.
    public var time: Timestamp
    /// The signer's department code.
    public var department: String
    /// The signing key's id: lowercase hex of the suite's hash of its SubjectPublicKeyInfo DER.
    public var keyID: String
    public var event: Event

    /// Creates a statement with a fresh random id.
    public init(ledger: String, id: String = Identifier.newStatementID(), time: Timestamp, department: String, keyID: String, event: Event) {
        self.ledger = ledger
        self.id = id
        self.time = time
        self.department = department
        self.keyID = keyID
        self.event = event
    }

    /// The prefix that separates statement signatures from any other use of the same key.
    public static let signingContext: [UInt8] = Array("accountability-ledger/statement/v1\n".utf8)

    /// The statement as a JSON object, without a signature.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "body": event.bodyJSON,
            "by": .string(department),
            "id": .string(id),
            "key": .string(keyID),
            "ledger": .string(ledger),
            "time": .string(time.description),
            "type": .string(event.type),
        ]
        if let task = event.task { object["task"] = .string(task) }
        return .object(object)
    }

    /// The exact bytes a signature covers: ``signingContext`` followed by the RFC 8785 form of ``json``.
    public var signingMessage: [UInt8] {
        var bytes = Statement.signingContext
        json.writeCanonical(into: &bytes)
        return bytes
    }

    /// Signs the statement with `key`, whose id must be ``keyID``, after checking it with ``validate()``:
    /// nothing is signed that verification would refuse to read.
    /// - Throws: `RecordError` naming the field that breaks a rule, or `.badSignature` on `sig` when
    ///   OpenSSL cannot sign.
    public func signed(with key: SigningKey, version: Int = FormatVersion.current) throws(RecordError) -> SignedStatement {
        try validate(version: version)
        let signed: SignedStatement
        do {
            signed = SignedStatement(statement: self, signature: try key.signature(for: signingMessage))
        } catch {
            throw RecordError(.badSignature, field: "sig", "cannot sign: \(error.reason)")
        }
        try signed.validate(version: version)
        return signed
    }
}

/// A statement and its signer's signature: what a department hands to the office.
public struct SignedStatement: Sendable, Hashable {
    public var statement: Statement
    /// The signature over ``Statement/signingMessage`` (64 bytes for Ed25519, DER r,s for SM2).
    public var signature: [UInt8]

    public init(statement: Statement, signature: [UInt8]) {
        self.statement = statement
        self.signature = signature
    }

    /// The statement object with its `sig` member.
    public var json: JSONValue {
        guard case .object(var object) = statement.json else { preconditionFailure("statement JSON is an object") }
        object["sig"] = .string(Base64.encode(signature))
        return .object(object)
    }

    /// Parses a statement object, strictly: every field typed, nothing unknown, every value rule
    /// (``validate()``) met.
    /// - Throws: `RecordError` naming the field (relative to the statement).
    ///
    /// `version` is the format version of the record that carries it (for a statement file, the version
    /// a writer would put on it); `canonicalCount`, when the caller knows it, is the byte count of the
    /// statement's canonical JSON (the parser of a canonical record line does), else it is computed.
    public init(json: JSONValue, version: Int = FormatVersion.current, canonicalCount: Int? = nil) throws(RecordError) {
        var r = try ObjectReader(json, path: nil)
        let type = try r.string("type")
        guard Event.types.contains(where: { FormatRule.same($0, type) }) else {
            throw RecordError(.malformed, field: "type", "unknown statement type \"\(type)\" (expected one of \(Event.types.joined(separator: ", ")))")
        }
        guard FormatVersion.allows(type: type, in: version) else {
            let instead = FormatVersion.successor(of: type).map { "; use \($0)" } ?? ""
            throw RecordError(.malformed, field: "type", "\"\(type)\" statements are not allowed in a version \(version) record\(instead)")
        }
        let ledger = try r.string("ledger")
        let id = try r.string("id")
        let time = try r.timestamp("time")
        let by = try r.string("by")
        let keyID = try r.string("key")
        let sigText = try r.string("sig")
        guard let sig = Base64.decode(sigText) else {
            throw RecordError(.malformed, field: "sig", "must be canonical padded base64")
        }
        let task = Event.taskTypes.contains(where: { FormatRule.same($0, type) }) ? try r.string("task") : nil
        let body = try r.value("body")
        try r.finish()
        let event: Event
        do {
            event = try Event(type: type, task: task, body: body)
        } catch {
            throw error.nested(under: "body")
        }
        self.statement = Statement(ledger: ledger, id: id, time: time, department: by, keyID: keyID, event: event)
        self.signature = sig
        try statement.validateValues()
        do {
            try FormatRule.checkLimits(body, version: version)
        } catch {
            throw error.nested(under: "body")
        }
        if version >= FormatVersion.v2 { try FormatRule.checkStatementSize(canonicalCount ?? json.canonicalBytes.count, version: version) }
        guard !signature.isEmpty else { throw RecordError(.malformed, field: "sig", "must be canonical padded base64 of a signature") }
    }
}

extension Event {
    /// The `body` object of this event.
    public var bodyJSON: JSONValue {
        switch self {
        case .genesis(let g):
            return [
                "suite": .string(g.suite.rawValue), "title": .string(g.title), "utcOffset": .string(g.utcOffset),
                "dept": .string(g.department), "name": .string(g.name), "key": .string(Base64.encode(g.key.derRepresentation)),
            ]
        case .keyEnrolled(let dept, let name, let role, let key):
            return ["dept": .string(dept), "name": .string(name), "role": .string(role.rawValue), "key": .string(Base64.encode(key.derRepresentation))]
        case .keyRotated(let old, let key):
            return ["old": .string(old), "key": .string(Base64.encode(key.derRepresentation))]
        case .keyRevoked(let key, let reason):
            return ["key": .string(key), "reason": .string(reason)]
        case .plan(let title, let sections, let targets):
            return [
                "title": .string(title), "sections": .array(sections.map { ["id": .string($0.id), "title": .string($0.title)] }),
                "targets": .array(targets.map { Event.targetJSON($0.target, scope: $0.scope) }),
            ]
        case .assigned(_, let a):
            var o: [String: JSONValue] = [
                "title": .string(a.title), "lead": .array(a.lead.map { .string($0) }), "co": .array(a.co.map { .string($0) }),
                "deadline": .string(a.deadline.description),
                "targets": .array(a.targets.map { Event.targetJSON($0, scope: nil) }),
            ]
            if let section = a.section { o["section"] = .string(section) }
            return .object(o)
        case .progress(_, let percent, let metrics, let note):
            var o: [String: JSONValue] = ["percent": .number(percent)]
            if !metrics.isEmpty {
                o["metrics"] = .array(metrics.map { ["metric": .string($0.metric), "value": .number($0.value), "unit": .string($0.unit)] })
            }
            if let note { o["note"] = .string(note) }
            return .object(o)
        case .completed(_, let evidence, let note):
            var o: [String: JSONValue] = ["evidence": Event.evidenceJSON(evidence)]
            if let note { o["note"] = .string(note) }
            return .object(o)
        case .delayed(_, let reason, let until), .extensionRequested(_, let reason, let until):
            return ["reason": .string(reason), "until": .string(until.description)]
        case .leadDesignated(_, let department):
            return ["dept": .string(department)]
        case .indicatorOwnerDesignated(let scope, let metric, let department):
            return ["scope": .string(scope), "metric": .string(metric), "dept": .string(department)]
        case .closeRequested(_, let evidence, let note):
            var o: [String: JSONValue] = ["evidence": Event.evidenceJSON(evidence)]
            if let note { o["note"] = .string(note) }
            return .object(o)
        case .closeApproved(_, let note):
            return ["note": .string(note)]
        case .closeReturned(_, let reason), .reopened(_, let reason), .extensionRefused(_, let reason):
            return ["reason": .string(reason)]
        case .extensionApproved(_, let note):
            return note.map { ["note": .string($0)] } ?? [:]
        case .findingOpened(let subject, let text, let severity, let deadline):
            var o: [String: JSONValue] = ["text": .string(text), "severity": .string(severity.rawValue), "deadline": .string(deadline.description)]
            switch subject {
            case .task(let task): o["task"] = .string(task)
            case .department(let department): o["dept"] = .string(department)
            }
            return .object(o)
        case .findingRectified(let finding, let evidence, let note):
            return ["finding": .string(finding), "evidence": Event.evidenceJSON(evidence), "note": .string(note)]
        case .findingClosed(let finding, let note):
            return ["finding": .string(finding), "note": .string(note)]
        case .findingKeptOpen(let finding, let reason):
            return ["finding": .string(finding), "reason": .string(reason)]
        }
    }

    static func evidenceJSON(_ evidence: [Evidence]) -> JSONValue {
        .array(evidence.map { ["name": .string($0.name), "digest": .string($0.digest)] })
    }

    static func evidence(_ r: inout ObjectReader) throws(RecordError) -> [Evidence] {
        var evidence: [Evidence] = []
        for (i, item) in try r.array("evidence").enumerated() {
            var e = try ObjectReader(item, path: "evidence[\(i)]")
            evidence.append(Evidence(name: try e.string("name"), digest: try e.string("digest")))
            try e.finish()
        }
        return evidence
    }

    static func targetJSON(_ t: Target, scope: String?) -> JSONValue {
        var o: [String: JSONValue] = [
            "metric": .string(t.metric), "value": .number(t.value), "unit": .string(t.unit), "comparator": .string(t.comparator.rawValue),
        ]
        if let scope { o["scope"] = .string(scope) }
        return .object(o)
    }

    static func targets(_ r: inout ObjectReader, scoped: Bool) throws(RecordError) -> [(String?, Target)] {
        var targets: [(String?, Target)] = []
        for (i, item) in try r.array("targets").enumerated() {
            var t = try ObjectReader(item, path: r.fieldPath("targets[\(i)]"))
            let scope = scoped ? try t.string("scope") : nil
            let comparatorText = try t.string("comparator")
            guard let comparator = Comparator.allCases.first(where: { FormatRule.same($0.rawValue, comparatorText) }) else {
                throw RecordError(.invalidValue, field: t.fieldPath("comparator"), "unknown comparator \"\(comparatorText)\" (expected >=, >, ~, = or <=)")
            }
            targets.append((scope, Target(metric: try t.string("metric"), value: try t.number("value"), unit: try t.string("unit"), comparator: comparator)))
            try t.finish()
        }
        return targets
    }

    /// Parses a body for `type`; field paths in errors are relative to the body.
    init(type: String, task: String?, body: JSONValue) throws(RecordError) {
        var r = try ObjectReader(body, path: nil)
        switch type {
        case "genesis":
            let suiteName = try r.string("suite")
            guard let suite = Suite.allCases.first(where: { FormatRule.same($0.rawValue, suiteName) }) else {
                throw RecordError(.invalidValue, field: "suite", "unknown suite \"\(suiteName)\" (expected sm2-sm3 or ed25519-sha256)")
            }
            self = .genesis(
                Genesis(
                    suite: suite, title: try r.string("title"), utcOffset: try r.string("utcOffset"), department: try r.string("dept"),
                    name: try r.string("name"), key: try Self.key(&r, "key")))
        case "key-enrolled":
            let dept = try r.string("dept")
            let name = try r.string("name")
            let roleName = try r.string("role")
            guard let role = Role.allCases.first(where: { FormatRule.same($0.rawValue, roleName) }) else {
                throw RecordError(.invalidValue, field: "role", "unknown role \"\(roleName)\" (expected operator, department or inspector)")
            }
            self = .keyEnrolled(department: dept, name: name, role: role, key: try Self.key(&r, "key"))
        case "key-rotated":
            self = .keyRotated(old: try r.string("old"), key: try Self.key(&r, "key"))
        case "key-revoked":
            self = .keyRevoked(key: try r.string("key"), reason: try r.string("reason"))
        case "assigned":
            self = .assigned(
                task: task ?? "",
                Assignment(
                    title: try r.string("title"), section: try r.optionalString("section"), lead: try r.stringArray("lead"), co: try r.stringArray("co"),
                    deadline: try r.day("deadline"), targets: try Self.targets(&r, scoped: false).map(\.1)))
        case "plan":
            let title = try r.string("title")
            var sections: [PlanSection] = []
            for (i, item) in try r.array("sections").enumerated() {
                var section = try ObjectReader(item, path: "sections[\(i)]")
                sections.append(PlanSection(id: try section.string("id"), title: try section.string("title")))
                try section.finish()
            }
            let targets = try Self.targets(&r, scoped: true)
            self = .plan(title: title, sections: sections, targets: targets.map { PlanTarget(scope: $0.0 ?? "", target: $0.1) })
        case "progress":
            let percent = try r.number("percent")
            var metrics: [MetricValue] = []
            if let items = try r.optionalArray("metrics") {
                // An absent list and an empty one would be two spellings of one body.
                guard !items.isEmpty else { throw RecordError(.malformed, field: "metrics", "omit the field rather than give an empty list") }
                for (i, item) in items.enumerated() {
                    var m = try ObjectReader(item, path: "metrics[\(i)]")
                    metrics.append(MetricValue(metric: try m.string("metric"), value: try m.number("value"), unit: try m.string("unit")))
                    try m.finish()
                }
            }
            self = .progress(task: task ?? "", percent: percent, metrics: metrics, note: try r.optionalString("note"))
        case "completed":
            self = .completed(task: task ?? "", evidence: try Self.evidence(&r), note: try r.optionalString("note"))
        case "delayed":
            self = .delayed(task: task ?? "", reason: try r.string("reason"), until: try r.day("until"))
        case "lead-designated":
            self = .leadDesignated(task: task ?? "", department: try r.string("dept"))
        case "indicator-owner-designated":
            self = .indicatorOwnerDesignated(scope: try r.string("scope"), metric: try r.string("metric"), department: try r.string("dept"))
        case "close-requested":
            self = .closeRequested(task: task ?? "", evidence: try Self.evidence(&r), note: try r.optionalString("note"))
        case "close-approved":
            self = .closeApproved(task: task ?? "", note: try r.string("note"))
        case "close-returned":
            self = .closeReturned(task: task ?? "", reason: try r.string("reason"))
        case "reopened":
            self = .reopened(task: task ?? "", reason: try r.string("reason"))
        case "extension-requested":
            self = .extensionRequested(task: task ?? "", reason: try r.string("reason"), until: try r.day("until"))
        case "extension-approved":
            self = .extensionApproved(task: task ?? "", note: try r.optionalString("note"))
        case "extension-refused":
            self = .extensionRefused(task: task ?? "", reason: try r.string("reason"))
        case "finding-opened":
            let onTask = try r.optionalString("task"), onDepartment = try r.optionalString("dept")
            let subject: FindingSubject
            switch (onTask, onDepartment) {
            case (let task?, nil): subject = .task(task)
            case (nil, let department?): subject = .department(department)
            default: throw RecordError(.malformed, field: "task", "a finding is on a task (task) or on a unit (dept): exactly one of the two")
            }
            let text = try r.string("text")
            let severityText = try r.string("severity")
            guard let severity = FindingSeverity.allCases.first(where: { FormatRule.same($0.rawValue, severityText) }) else {
                throw RecordError(.invalidValue, field: "severity", "unknown severity \"\(severityText)\" (expected general, serious or severe)")
            }
            self = .findingOpened(subject: subject, text: text, severity: severity, deadline: try r.day("deadline"))
        case "finding-rectified":
            self = .findingRectified(finding: try r.string("finding"), evidence: try Self.evidence(&r), note: try r.string("note"))
        case "finding-closed":
            self = .findingClosed(finding: try r.string("finding"), note: try r.string("note"))
        case "finding-kept-open":
            self = .findingKeptOpen(finding: try r.string("finding"), reason: try r.string("reason"))
        default:
            throw RecordError(.malformed, field: "type", "unknown statement type \"\(type)\"")
        }
        try r.finish()
    }

    private static func key(_ r: inout ObjectReader, _ field: String) throws(RecordError) -> VerifyingKey {
        let text = try r.string(field)
        guard let der = Base64.decode(text) else {
            throw RecordError(.malformed, field: r.fieldPath(field), "must be canonical padded base64 of a SubjectPublicKeyInfo")
        }
        do {
            return try VerifyingKey(derRepresentation: der)
        } catch {
            throw RecordError(.invalidValue, field: r.fieldPath(field), "not a usable public key: \(error.reason)")
        }
    }
}

extension VerifyingKey {
    /// The key's id in a ledger of `suite`: lowercase hex of the suite's hash of the SubjectPublicKeyInfo DER.
    public func keyID(in suite: Suite) -> String { Hex.encode(suite.hash(derRepresentation)) }
}
