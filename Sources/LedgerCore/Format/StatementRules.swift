import LedgerCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The value rules of FORMAT.md §2.2, §4 and §5 (step 1 of §6, after the JSON types), stated once on
/// the model.
///
/// The parser builds a ``Statement`` from a line and then calls ``Statement/validate()``; a writer calls
/// the same function on the statement it built, before signing or appending. So a statement the library
/// accepts to write is exactly one the verifier accepts to read: there is no second copy of a rule.
extension SignedStatement {
    /// Checks every value rule of the statement and that a signature is present.
    /// - Throws: `RecordError` naming the field relative to the statement (`body.percent`).
    /// Checks every value rule of the statement, the limits of `version` and that a signature is present.
    public func validate(version: Int = FormatVersion.current) throws(RecordError) {
        try statement.validate(version: version)
        if version >= FormatVersion.v2 { try FormatRule.checkStatementSize(json.canonicalBytes.count, version: version) }
        guard !signature.isEmpty else { throw RecordError(.malformed, field: "sig", "must be canonical padded base64 of a signature") }
    }
}

extension Statement {
    /// Checks every value rule of FORMAT.md §2.2, §4 and §5: identifiers, times and dates, text, numbers,
    /// lists and the body's own rules. It needs no other record (authority and registry rules are
    /// ``ChainState``'s).
    /// `version` is the record's format version: which types it allows and whether the limits of
    /// version 2 (§2.4) apply.
    /// - Throws: `RecordError` naming the field relative to the statement (`ledger`, `body.metrics[0].unit`).
    public func validate(version: Int = FormatVersion.current) throws(RecordError) {
        guard FormatVersion.allows(type: event.type, in: version) else {
            let instead = FormatVersion.successor(of: event.type).map { "; use \($0)" } ?? ""
            throw RecordError(.malformed, field: "type", "\"\(event.type)\" statements are not allowed in a version \(version) record\(instead)")
        }
        try validateValues()
        do {
            try FormatRule.checkLimits(event.bodyJSON, version: version)
        } catch {
            throw error.nested(under: "body")
        }
    }

    /// The value rules alone, without the version's type set and limits (the parser checks those on the
    /// body it read).
    func validateValues() throws(RecordError) {
        guard Identifier.isLedgerID(ledger) else { throw RecordError(.invalidValue, field: "ledger", "not a valid ledger id") }
        guard Identifier.isStatementID(id) else { throw RecordError(.invalidValue, field: "id", "must be 32 lowercase hex digits") }
        try FormatRule.checkTime(time, field: "time")
        guard Identifier.isDepartmentCode(department) else {
            throw RecordError(.invalidValue, field: "by", "not a valid department code (A-Z, 0-9, 2-16 characters)")
        }
        guard Identifier.isDigest(keyID) else { throw RecordError(.invalidValue, field: "key", "must be 64 lowercase hex digits") }
        if let task = event.task, !Identifier.isTaskID(task) {
            throw RecordError(.invalidValue, field: "task", "not a valid task id")
        }
        do {
            try event.validateBody()
        } catch {
            throw error.nested(under: "body")
        }
    }
}

extension Event {
    /// Checks the body rules of FORMAT.md §5 for this event, for a writer that builds events before it
    /// has a statement (a plan or batch reader); ``Statement/validate()`` runs them too.
    /// - Throws: `RecordError` whose field is relative to the body (`percent`, `metrics[0].unit`).
    public func validateBody() throws(RecordError) {
        switch self {
        case .genesis(let g):
            try FormatRule.checkText(g.title, field: "title")
            guard Genesis.parseOffset(g.utcOffset) != nil else {
                throw RecordError(.invalidValue, field: "utcOffset", "must be written +HH:MM or -HH:MM (hours 00-14)")
            }
            try FormatRule.checkDepartment(g.department, field: "dept")
            try FormatRule.checkText(g.name, field: "name")
            try FormatRule.checkKeyForm(g.key, field: "key")
        case .keyEnrolled(let department, let name, _, let key):
            try FormatRule.checkDepartment(department, field: "dept")
            try FormatRule.checkText(name, field: "name")
            try FormatRule.checkKeyForm(key, field: "key")
        case .keyRotated(let old, let key):
            try FormatRule.checkDigest(old, field: "old")
            try FormatRule.checkKeyForm(key, field: "key")
        case .keyRevoked(let key, let reason):
            try FormatRule.checkDigest(key, field: "key")
            try FormatRule.checkText(reason, field: "reason")
        case .plan(let title, let sections, let targets):
            try FormatRule.checkText(title, field: "title")
            for (i, section) in sections.enumerated() {
                try FormatRule.checkText(section.id, field: "sections[\(i)].id")
                guard !FormatRule.same(section.id, "headline"), !sections[..<i].contains(where: { FormatRule.same($0.id, section.id) }) else {
                    throw RecordError(.invalidValue, field: "sections[\(i)].id", "section id \"\(section.id)\" is used twice (or is \"headline\")")
                }
                try FormatRule.checkText(section.title, field: "sections[\(i)].title")
            }
            for (i, planTarget) in targets.enumerated() {
                try FormatRule.checkText(planTarget.scope, field: "targets[\(i)].scope")
                guard FormatRule.same(planTarget.scope, "headline") || sections.contains(where: { FormatRule.same($0.id, planTarget.scope) }) else {
                    throw RecordError(
                        .invalidValue, field: "targets[\(i)].scope", "must be headline or a section id of this plan (got \"\(planTarget.scope)\")")
                }
                try FormatRule.checkTarget(planTarget.target, field: "targets[\(i)]")
            }
        case .assigned(_, let a):
            try FormatRule.checkText(a.title, field: "title")
            if let section = a.section { try FormatRule.checkText(section, field: "section") }
            try FormatRule.checkDepartmentList(a.lead, field: "lead")
            try FormatRule.checkDepartmentList(a.co, field: "co")
            if a.lead.isEmpty && a.co.isEmpty {
                throw RecordError(.invalidValue, field: "lead", "a task needs at least one responsible department (lead or co)")
            }
            if let (i, both) = a.co.enumerated().first(where: { c in a.lead.contains { FormatRule.same($0, c.element) } }) {
                throw RecordError(.invalidValue, field: "co[\(i)]", "\(both) is listed both as lead and as co-responsible")
            }
            try FormatRule.checkDay(a.deadline, field: "deadline")
            for (i, target) in a.targets.enumerated() { try FormatRule.checkTarget(target, field: "targets[\(i)]") }
        case .progress(_, let percent, let metrics, let note):
            try FormatRule.checkNumber(percent, field: "percent")
            guard (0...100).contains(percent) else {
                throw RecordError(.invalidValue, field: "percent", "must be between 0 and 100 (got \(JSONValue.canonicalNumber(percent)))")
            }
            for (i, m) in metrics.enumerated() {
                try FormatRule.checkText(m.metric, field: "metrics[\(i)].metric")
                try FormatRule.checkNumber(m.value, field: "metrics[\(i)].value")
                try FormatRule.checkText(m.unit, field: "metrics[\(i)].unit")
            }
            if let note { try FormatRule.checkText(note, field: "note") }
        case .completed(_, let evidence, let note):
            try FormatRule.checkEvidence(evidence, what: "a completion")
            if let note { try FormatRule.checkText(note, field: "note") }
        case .delayed(_, let reason, let until), .extensionRequested(_, let reason, let until):
            try FormatRule.checkText(reason, field: "reason")
            try FormatRule.checkDay(until, field: "until")
        case .leadDesignated(_, let department):
            try FormatRule.checkDepartment(department, field: "dept")
        case .indicatorOwnerDesignated(let scope, let metric, let department):
            try FormatRule.checkText(scope, field: "scope")
            try FormatRule.checkText(metric, field: "metric")
            try FormatRule.checkDepartment(department, field: "dept")
        case .closeRequested(_, let evidence, let note):
            try FormatRule.checkEvidence(evidence, what: "an application to close")
            if let note { try FormatRule.checkText(note, field: "note") }
        case .closeApproved(_, let note):
            try FormatRule.checkText(note, field: "note")
        case .closeReturned(_, let reason), .reopened(_, let reason), .extensionRefused(_, let reason):
            try FormatRule.checkText(reason, field: "reason")
        case .extensionApproved(_, let note):
            if let note { try FormatRule.checkText(note, field: "note") }
        case .findingOpened(let subject, let text, _, let deadline):
            switch subject {
            case .task(let task):
                guard Identifier.isTaskID(task) else { throw RecordError(.invalidValue, field: "task", "not a valid task id") }
            case .department(let department):
                try FormatRule.checkDepartment(department, field: "dept")
            }
            try FormatRule.checkText(text, field: "text")
            try FormatRule.checkDay(deadline, field: "deadline")
        case .findingRectified(let finding, let evidence, let note):
            try FormatRule.checkFindingID(finding)
            try FormatRule.checkEvidence(evidence, what: "a rectification")
            try FormatRule.checkText(note, field: "note")
        case .findingClosed(let finding, let note):
            try FormatRule.checkFindingID(finding)
            try FormatRule.checkText(note, field: "note")
        case .findingKeptOpen(let finding, let reason):
            try FormatRule.checkFindingID(finding)
            try FormatRule.checkText(reason, field: "reason")
        }
    }
}

/// The scalar rules of FORMAT.md §2.2, each one function that the parser and the writers call.
///
/// A rule's `field` is an autoclosure: a name like `metrics[3].unit` is spelled only for an error, not
/// for every value of every record a replay reads.
///
/// Strings are compared as Unicode scalars (``same(_:_:)``), never with `String ==`, which treats
/// canonically equivalent spellings as equal where the format's bytes differ.
public enum FormatRule {
    /// The Unicode White_Space property (PropList.txt), spelled out so every verifier agrees.
    static func isWhiteSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Whether two strings have the same Unicode scalars (the same UTF-8 bytes).
    public static func same(_ a: String, _ b: String) -> Bool {
        // Compared in place when both are contiguous UTF-8 (native, or small and copied to the stack).
        guard a.utf8.count == b.utf8.count else { return false }
        let bytewise = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
        return (bytewise ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    /// "text": non-empty, and neither the first nor the last scalar is Unicode White_Space.
    public static func checkText(_ s: String, field: @autoclosure () -> String) throws(RecordError) {
        guard let first = s.unicodeScalars.first, let last = lastScalar(s) else {
            throw RecordError(.invalidValue, field: field(), "must not be empty")
        }
        guard !isWhiteSpace(first.value), !isWhiteSpace(last) else {
            throw RecordError(.invalidValue, field: field(), "must not start or end with white space")
        }
    }

    /// The last Unicode scalar of `s`, decoded from the end of its UTF-8 (`unicodeScalars.last` walks
    /// the string's index machinery, which costs more than the rest of a text check).
    static func lastScalar(_ s: String) -> UInt32? {
        let decoded = s.utf8.withContiguousStorageIfAvailable { b -> UInt32? in
            guard var i = b.indices.last else { return nil }
            // A String holds valid UTF-8: back over continuation bytes to the lead byte.
            while i > 0 && b[i] & 0xC0 == 0x80 { i -= 1 }
            let length = b.count - i
            var value = UInt32(b[i]) & (length == 1 ? 0x7F : length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in (i + 1)..<b.count { value = value << 6 | UInt32(b[k] & 0x3F) }
            return value
        }
        return decoded ?? s.unicodeScalars.last.map(\.value)
    }

    /// "number": finite (JSON has no NaN or infinity).
    public static func checkNumber(_ n: Double, field: @autoclosure () -> String) throws(RecordError) {
        guard n.isFinite else { throw RecordError(.invalidValue, field: field(), "must be a finite number") }
    }

    /// "integer": 0 ≤ n < 2^53.
    public static func checkInteger(_ n: Int, field: String) throws(RecordError) {
        guard n >= 0, n < 1 << 53 else { throw RecordError(.malformed, field: field, "must be a non-negative integer below 2^53") }
    }

    /// "time": its one spelling reads back as the same instant (years 0000–9999).
    ///
    /// ``Timestamp/description`` spells exactly the instants of years 0000–9999 in the form
    /// ``Timestamp/init(_:)`` reads, so this is a range check (no string per record);
    /// `FormatRuleRangeTests` checks it against spelling and reading back.
    public static func checkTime(_ t: Timestamp, field: @autoclosure () -> String) throws(RecordError) {
        guard spellableTimes.contains(t) else {
            throw RecordError(.invalidValue, field: field(), "must be a UTC time written YYYY-MM-DDTHH:MM:SSZ with a year 0000-9999 (got \(t))")
        }
    }

    /// "date": its one spelling reads back as the same day (years 0000–9999); a range check, as ``checkTime(_:field:)``.
    public static func checkDay(_ d: CalendarDay, field: @autoclosure () -> String) throws(RecordError) {
        guard spellableDays.contains(d) else {
            throw RecordError(.invalidValue, field: field(), "must be a date written YYYY-MM-DD with a year 0000-9999 (got \"\(d)\")")
        }
    }

    /// 0000-01-01 to 9999-12-31: the days whose spelling has a four-digit year.
    static let spellableDays = CalendarDay(daysSinceEpoch: -719_528)...CalendarDay(daysSinceEpoch: 2_932_896)
    /// 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    static let spellableTimes =
        Timestamp(
            secondsSinceEpoch: Int64(spellableDays.lowerBound.daysSinceEpoch) * 86_400)...Timestamp(
            secondsSinceEpoch: Int64(spellableDays.upperBound.daysSinceEpoch + 1) * 86_400 - 1)

    /// "hash, key id, digest": 64 lowercase hex digits.
    public static func checkDigest(_ s: String, field: @autoclosure () -> String) throws(RecordError) {
        guard Identifier.isDigest(s) else { throw RecordError(.invalidValue, field: field(), "must be 64 lowercase hex digits") }
    }

    /// An evidence list: non-empty, each a text name and a digest.
    static func checkEvidence(_ evidence: [Evidence], what: String) throws(RecordError) {
        guard !evidence.isEmpty else { throw RecordError(.invalidValue, field: "evidence", "\(what) needs at least one evidence file digest") }
        for (i, e) in evidence.enumerated() {
            try checkText(e.name, field: "evidence[\(i)].name")
            try checkDigest(e.digest, field: "evidence[\(i)].digest")
        }
    }

    /// A finding id: the statement id of the `finding-opened` statement.
    static func checkFindingID(_ id: String) throws(RecordError) {
        guard Identifier.isStatementID(id) else {
            throw RecordError(.invalidValue, field: "finding", "must be the 32-hex-digit id of the finding-opened statement")
        }
    }

    /// "department code".
    public static func checkDepartment(_ code: String, field: @autoclosure () -> String) throws(RecordError) {
        guard Identifier.isDepartmentCode(code) else {
            throw RecordError(.invalidValue, field: field(), "\"\(code)\" is not a department code (A-Z, 0-9, 2-16 characters)")
        }
    }

    /// A list of department codes with no code twice.
    static func checkDepartmentList(_ codes: [String], field: String) throws(RecordError) {
        for (i, code) in codes.enumerated() {
            try checkDepartment(code, field: "\(field)[\(i)]")
            guard !codes[..<i].contains(where: { same($0, code) }) else {
                throw RecordError(.invalidValue, field: "\(field)[\(i)]", "\(code) is listed twice")
            }
        }
    }

    /// A target object's values (the comparator is an enumeration, so it is valid by construction).
    static func checkTarget(_ t: Target, field: String) throws(RecordError) {
        try checkText(t.metric, field: "\(field).metric")
        try checkNumber(t.value, field: "\(field).value")
        try checkText(t.unit, field: "\(field).unit")
    }

    /// One encoding per key, so one key has one key id (§2.3): Ed25519's 44-byte SPKI, SM2's 91-byte SPKI
    /// with an uncompressed point (a compressed or hybrid point would let a key be enrolled twice).
    public static func checkKeyForm(_ key: VerifyingKey, field: String) throws(RecordError) {
        let der = key.derRepresentation
        let canonical = key.suite == .ed25519sha256 ? der.count == 44 : der.count == 91 && der[26] == 0x04
        guard canonical else {
            throw RecordError(.invalidValue, field: field, "public key must be the uncompressed SubjectPublicKeyInfo (\(der.count) bytes given)")
        }
    }
}
