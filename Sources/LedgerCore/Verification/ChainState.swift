import LedgerCrypto

/// Everything verification needs to know about the log so far to judge the next record.
///
/// It grows with the number of keys, tasks and statements, never holds record bodies, and is the single
/// implementation of the format's rules: `verify` folds every record through it, and `append` folds each
/// candidate record through it before anything touches the disk.
public struct ChainState: Sendable {
    public internal(set) var genesis: Genesis?
    public internal(set) var ledgerID: String?
    public internal(set) var registry = KeyRegistry()
    /// Task id → its assignment, for authority checks.
    public internal(set) var tasks: [String: Assignment] = [:]
    /// The sequence number the next record must carry.
    public internal(set) var nextSeq = 0
    /// Hash of the last record (64 zeros before genesis).
    public internal(set) var head = Record.zeroHash
    public internal(set) var lastAccepted: Timestamp?
    /// The highest format version of a record so far: no later record may have a lower one.
    public internal(set) var version = FormatVersion.v1
    /// Task id → the unit the office designated to apply for 销号 (tasks without a 牵头 unit).
    public internal(set) var designatedLeads: [String: String] = [:]
    /// Finding id (its `finding-opened` statement id) → who opened it and what it is about.
    public internal(set) var findings: [String: OpenedFinding] = [:]
    var statementIDs = StatementIDSet()

    /// What authority over a 督查发现 depends on: the inspector's department and the subject.
    public struct OpenedFinding: Sendable, Hashable {
        public var inspector: String
        public var subject: FindingSubject
    }

    public init() {}

    /// The ledger's suite, once genesis is read.
    public var suite: Suite? { genesis?.suite }

    /// A signature that still has to be checked for a record that passed every other rule.
    public struct SignatureCheck: Sendable {
        public let seq: Int
        /// `statement.sig` or `seal`.
        public let field: String
        public let key: VerifyingKey
        public let keyID: String
        public let owner: String
        public let signature: [UInt8]
        /// The record's line, and where in it the signed bytes are: the message is built only when the
        /// check runs (on a signature worker, or never in a replay without signatures).
        let line: [UInt8]
        let context: [UInt8]
        let range: Range<Int>
        let cut: Range<Int>

        /// The signed bytes: ``Record/signingMessage`` or ``Record/sealingMessage``.
        public var message: [UInt8] { Record.message(context, line, range, leavingOut: cut) }

        /// Whether the signature verifies.
        public var isValid: Bool { key.isValidSignature(signature, for: message) }

        /// Runs the check; the error names the record, the field, the key and its department.
        public func run() throws(RecordError) {
            guard isValid else {
                throw RecordError(.badSignature, field: field, seq: seq, "signature does not verify with \(owner)'s key \(keyID.prefix(16))…")
            }
        }
    }

    /// The two signatures of a record: the signer's over the statement, the operator's seal over the record.
    public struct RecordChecks: Sendable {
        public let statement: SignatureCheck
        public let seal: SignatureCheck

        /// Runs both checks, statement first.
        public func run() throws(RecordError) {
            try statement.run()
            try seal.run()
        }
    }

    /// Checks `record` against the log so far and applies it, returning the signature check still to run.
    ///
    /// The caller runs the returned check (now, or batched on other cores); the state has already moved
    /// past the record, so a failed signature check must end the fold there.
    /// - Throws: `RecordError` naming the record, the field and the rule it breaks; the state is unchanged then.
    public mutating func apply(_ record: Record) throws(RecordError) -> RecordChecks {
        let keys = try applyWithoutChecks(record)
        let statement = record.signed.statement
        return RecordChecks(
            statement: SignatureCheck(
                seq: record.seq, field: "statement.sig", key: keys.signer, keyID: statement.keyID, owner: keys.signerDepartment,
                signature: record.signed.signature, line: record.line, context: Statement.signingContext, range: record.statementRange, cut: record.sigCut),
            seal: SignatureCheck(
                seq: record.seq, field: "seal", key: keys.sealer, keyID: record.sealer, owner: "the operator",
                signature: record.seal, line: record.line, context: Record.sealingContext, range: 0..<record.line.count, cut: record.sealCut))
    }

    /// ``apply(_:)`` for a replay that checks no signature: every other rule, and no check built to be
    /// thrown away. Returns the keys the signatures would be checked with.
    mutating func applyWithoutChecks(_ record: Record) throws(RecordError) -> (signer: VerifyingKey, signerDepartment: String, sealer: VerifyingKey) {
        do {
            return try applyUnplaced(record)
        } catch {
            // Errors name the record's position in the log, which is what a reader can find.
            throw error.at(seq: nextSeq)
        }
    }

    private mutating func applyUnplaced(_ record: Record) throws(RecordError) -> (signer: VerifyingKey, signerDepartment: String, sealer: VerifyingKey) {
        // Chain: position, link, time.
        guard record.seq == nextSeq else {
            throw RecordError(.chainBroken, field: "seq", "sequence number is \(record.seq), expected \(nextSeq) (a record was removed, inserted or reordered)")
        }
        guard FormatRule.same(record.prev, head) else {
            throw RecordError(
                .chainBroken, field: "prev",
                nextSeq == 0
                    ? "record 0 must have prev = 64 zeros"
                    : "does not match the hash of record \(nextSeq - 1) (\(head.prefix(16))…): an earlier record was changed, or records were reordered")
        }
        if record.version < version {
            throw RecordError(
                .chainBroken, field: "v",
                "a version \(record.version) record cannot follow a version \(version) record (a ledger moves to a new version, never back)")
        }
        if let lastAccepted, record.accepted < lastAccepted {
            throw RecordError(
                .timeWentBackwards, field: "accepted", "acceptance time \(record.accepted) is earlier than record \(nextSeq - 1)'s \(lastAccepted)")
        }

        // Identity of the ledger and of the statement.
        if case .genesis(let g) = record.signed.statement.event {
            guard nextSeq == 0 else { throw RecordError(.malformed, field: "statement.type", "genesis may only be record 0") }
            guard g.key.suite == g.suite else {
                throw RecordError(.invalidValue, field: "statement.body.key", "operator key is \(g.key.suite.rawValue), ledger suite is \(g.suite.rawValue)")
            }
        } else if nextSeq == 0 {
            throw RecordError(.malformed, field: "statement.type", "record 0 must be the genesis statement, found \"\(record.signed.statement.event.type)\"")
        }
        if let ledgerID, !FormatRule.same(record.signed.statement.ledger, ledgerID) {
            throw RecordError(.wrongLedger, field: "statement.ledger", "statement is for ledger \"\(record.signed.statement.ledger)\", this is \"\(ledgerID)\"")
        }
        guard let idKey = StatementKey(record.signed.statement.id), case let idHash = StatementIDSet.hash(idKey), !statementIDs.contains(idKey, hash: idHash)
        else {
            throw RecordError.duplicateStatement(record.signed.statement.id)
        }

        // The signer: a known key, valid now, of the department it claims.
        let signer: (key: VerifyingKey, department: String, role: Role)
        if case .genesis(let g) = record.signed.statement.event {
            let id = g.key.keyID(in: g.suite)
            guard FormatRule.same(record.signed.statement.keyID, id) else {
                throw RecordError(.unknownKey, field: "statement.key", "genesis must be signed by the operator key it names (\(id.prefix(16))…)")
            }
            guard FormatRule.same(record.signed.statement.department, g.department) else {
                throw RecordError(.notAuthorized, field: "statement.by", "genesis is signed by \(g.department), not \(record.signed.statement.department)")
            }
            signer = (g.key, g.department, .operator)
        } else {
            guard let enrolled = registry[record.signed.statement.keyID] else {
                throw RecordError(.unknownKey, field: "statement.key", "key \(record.signed.statement.keyID.prefix(16))… is not enrolled in this ledger")
            }
            switch enrolled.status {
            case .active: break
            case .rotated(let seq, let successor):
                throw RecordError(
                    .revokedKey, field: "statement.key",
                    "key \(record.signed.statement.keyID.prefix(16))… of \(enrolled.department) was rotated out at record \(seq) (replaced by \(successor.prefix(16))…)"
                )
            case .revoked(let seq, let reason):
                throw RecordError(
                    .revokedKey, field: "statement.key",
                    "key \(record.signed.statement.keyID.prefix(16))… of \(enrolled.department) was revoked at record \(seq) (\(reason))"
                )
            }
            guard FormatRule.same(enrolled.department, record.signed.statement.department) else {
                throw RecordError(
                    .notAuthorized, field: "statement.by",
                    "statement claims department \(record.signed.statement.department) but key \(record.signed.statement.keyID.prefix(16))… belongs to \(enrolled.department)"
                )
            }
            signer = (enrolled.key, enrolled.department, enrolled.role)
        }

        // The seal: an operator key valid before this record (the genesis key seals record 0).
        let sealKey: VerifyingKey
        if case .genesis = record.signed.statement.event {
            guard FormatRule.same(record.sealer, record.signed.statement.keyID) else {
                throw RecordError(.unknownKey, field: "sealer", "record 0 must be sealed by the genesis operator key")
            }
            sealKey = signer.key
        } else {
            guard let sealer = registry[record.sealer], sealer.role == .operator else {
                throw RecordError(.unknownKey, field: "sealer", "key \(record.sealer.prefix(16))… is not an operator key of this ledger")
            }
            guard sealer.status == .active else {
                throw RecordError(.revokedKey, field: "sealer", "operator key \(record.sealer.prefix(16))… is no longer valid (rotated or revoked)")
            }
            sealKey = sealer.key
        }

        // Authority and the event's own rules.
        try checkAuthority(record.signed.statement.event, signer: signer.department, role: signer.role)
        if let suite = genesis?.suite { try applyEvent(record.signed.statement.event, seq: record.seq, suite: suite) }

        statementIDs.insert(idKey, hash: idHash)
        version = record.version
        if case .findingOpened(let subject, _, _, _) = record.signed.statement.event {
            findings[record.signed.statement.id] = OpenedFinding(inspector: signer.department, subject: subject)
        }
        if case .genesis(let g) = record.signed.statement.event {
            genesis = g
            ledgerID = record.signed.statement.ledger
            registry.enrol(id: record.signed.statement.keyID, key: g.key, department: g.department, name: g.name, role: .operator, seq: 0)
        }
        nextSeq += 1
        head = record.hash(genesis!.suite)
        lastAccepted = record.accepted
        return (signer.key, signer.department, sealKey)
    }

    private func checkAuthority(_ event: Event, signer: String, role: Role) throws(RecordError) {
        switch event {
        case .genesis:
            return
        case .keyEnrolled, .keyRotated, .keyRevoked, .plan, .assigned, .leadDesignated, .closeApproved, .closeReturned, .reopened,
            .extensionApproved, .extensionRefused, .indicatorOwnerDesignated:
            guard role == .operator else {
                throw RecordError(
                    .notAuthorized, field: "statement.type",
                    "only an operator key may make \"\(event.type)\" statements; \(signer) holds a \(role.rawValue) key")
            }
        case .progress(let task, _, _, _), .completed(let task, _, _), .delayed(let task, _, _):
            guard let assignment = tasks[task] else {
                throw RecordError(.unknownTask, field: "statement.task", "task \(task) has not been assigned")
            }
            guard role == .department else {
                throw RecordError(.notAuthorized, field: "statement.type", "\(signer) holds a \(role.rawValue) key; task reports need a department key")
            }
            // Lead, then co-responsible: `responsible`, without building the list for every report.
            guard assignment.lead.contains(where: { FormatRule.same($0, signer) }) || assignment.co.contains(where: { FormatRule.same($0, signer) }) else {
                throw RecordError(
                    .notAuthorized, field: "statement.by",
                    "\(signer) is neither lead nor co-responsible for task \(task) (responsible: \(assignment.responsible.joined(separator: ", ")))")
            }
        case .extensionRequested(let task, _, _):
            try checkAuthority(.progress(task: task, percent: 0, metrics: [], note: nil), signer: signer, role: role)
        case .closeRequested(let task, _, _):
            guard let assignment = tasks[task] else {
                throw RecordError(.unknownTask, field: "statement.task", "task \(task) has not been assigned")
            }
            guard role == .department else {
                throw RecordError(
                    .notAuthorized, field: "statement.type", "\(signer) holds a \(role.rawValue) key; an application to close needs a department key")
            }
            let (applicants, why) = ChainState.applicants(assignment, designated: designatedLeads[task])
            guard applicants.contains(where: { FormatRule.same($0, signer) }) else {
                throw RecordError(
                    .notAuthorized, field: "statement.by",
                    "\(signer) may not apply to close task \(task): only \(why) may (\(applicants.joined(separator: ", ")))")
            }
        case .findingOpened(let subject, _, _, _):
            guard role == .inspector else {
                throw RecordError(.notAuthorized, field: "statement.type", "only an inspector key may open a finding; \(signer) holds a \(role.rawValue) key")
            }
            switch subject {
            case .task(let task):
                guard tasks[task] != nil else { throw RecordError(.unknownTask, field: "statement.body.task", "task \(task) has not been assigned") }
            case .department(let department):
                guard registry.departmentNames[department] != nil else {
                    throw RecordError(.invalidValue, field: "statement.body.dept", "unit \(department) is not enrolled in this ledger")
                }
            }
        case .findingRectified(let id, _, _):
            guard let finding = findings[id] else {
                throw RecordError(.unknownFinding, field: "statement.body.finding", "no finding was opened by statement \(id)")
            }
            guard role == .department else {
                throw RecordError(.notAuthorized, field: "statement.type", "\(signer) holds a \(role.rawValue) key; a rectification needs a department key")
            }
            let answerable: [String]
            switch finding.subject {
            case .task(let task): answerable = tasks[task]?.responsible ?? []
            case .department(let department): answerable = [department]
            }
            guard answerable.contains(where: { FormatRule.same($0, signer) }) else {
                throw RecordError(
                    .notAuthorized, field: "statement.by",
                    "\(signer) is not answerable for finding \(id.prefix(8))… (answerable: \(answerable.joined(separator: ", ")))")
            }
        case .findingClosed(let id, _), .findingKeptOpen(let id, _):
            guard let finding = findings[id] else {
                throw RecordError(.unknownFinding, field: "statement.body.finding", "no finding was opened by statement \(id)")
            }
            guard role == .inspector, FormatRule.same(finding.inspector, signer) else {
                throw RecordError(
                    .notAuthorized, field: "statement.by",
                    "only an inspector key of \(finding.inspector), which opened finding \(id.prefix(8))…, may close it or keep it open (\(signer) holds a \(role.rawValue) key)"
                )
            }
        }
    }

    /// Who may apply to close a task (申请销号): its 牵头 units; for a task with none, the unit the office
    /// designated; until one is designated, any 负责 unit. Returns the units and the rule in words.
    public static func applicants(_ assignment: Assignment, designated: String?) -> (units: [String], rule: String) {
        if !assignment.lead.isEmpty { return (assignment.lead, "its lead (牵头) units") }
        if let designated { return ([designated], "the unit the office designated") }
        return (assignment.co, "its responsible (负责) units, as no lead unit is named or designated")
    }

    /// The registry and task rules of records after genesis (genesis itself is applied by the caller).
    private mutating func applyEvent(_ event: Event, seq: Int, suite: Suite) throws(RecordError) {
        switch event {
        case .genesis:
            break
        case .keyEnrolled(let dept, let name, let role, let key):
            try checkNewKey(key, suite: suite)
            if let known = registry.departmentNames[dept], !FormatRule.same(known, name) {
                throw RecordError(.invalidValue, field: "statement.body.name", "department \(dept) is already enrolled as \"\(known)\", not \"\(name)\"")
            }
            registry.enrol(id: key.keyID(in: suite), key: key, department: dept, name: name, role: role, seq: seq)
        case .keyRotated(let old, let key):
            guard let current = registry[old], current.status == .active else {
                throw RecordError(.unknownKey, field: "statement.body.old", "key \(old.prefix(16))… is not an active key of this ledger")
            }
            try checkNewKey(key, suite: suite)
            let id = key.keyID(in: suite)
            registry.enrol(
                id: id, key: key, department: current.department, name: registry.departmentNames[current.department] ?? current.department, role: current.role,
                seq: seq)
            registry.retire(id: old, status: .rotated(seq: seq, successor: id))
        case .keyRevoked(let id, let reason):
            guard let current = registry[id], current.status == .active else {
                throw RecordError(.unknownKey, field: "statement.body.key", "key \(id.prefix(16))… is not an active key of this ledger")
            }
            if current.role == .operator, registry.activeKeys(role: .operator).count == 1 {
                throw RecordError(.invalidValue, field: "statement.body.key", "cannot revoke the last active operator key: enrol another operator key first")
            }
            registry.retire(id: id, status: .revoked(seq: seq, reason: reason))
        case .assigned(let task, let assignment):
            guard tasks[task] == nil else {
                throw RecordError(.duplicateTask, field: "statement.task", "task \(task) is already assigned")
            }
            for (field, codes) in [("lead", assignment.lead), ("co", assignment.co)] {
                if let unknown = codes.first(where: { registry.departmentNames[$0] == nil }) {
                    throw RecordError(.invalidValue, field: "statement.body.\(field)", "department \(unknown) is not enrolled in this ledger")
                }
            }
            tasks[task] = assignment
        case .leadDesignated(let task, let department):
            guard let assignment = tasks[task] else {
                throw RecordError(.unknownTask, field: "statement.task", "task \(task) has not been assigned")
            }
            guard assignment.lead.isEmpty else {
                throw RecordError(
                    .invalidValue, field: "statement.task",
                    "task \(task) names its lead units (\(assignment.lead.joined(separator: ", "))); a lead unit is designated only for a task without one")
            }
            guard assignment.co.contains(where: { FormatRule.same($0, department) }) else {
                throw RecordError(
                    .invalidValue, field: "statement.body.dept",
                    "\(department) is not a responsible unit of task \(task) (responsible: \(assignment.co.joined(separator: ", ")))")
            }
            designatedLeads[task] = department
        case .indicatorOwnerDesignated(_, _, let department):
            // Whether the plan in force has the indicator is the projector's rule (FORMAT.md §7): the
            // plan is projector state, and a verifier keeps no plan.
            guard registry.departmentNames[department] != nil else {
                throw RecordError(.invalidValue, field: "statement.body.dept", "unit \(department) is not enrolled in this ledger")
            }
        case .closeApproved(let task, _), .closeReturned(let task, _), .reopened(let task, _), .extensionApproved(let task, _),
            .extensionRefused(let task, _):
            guard tasks[task] != nil else {
                throw RecordError(.unknownTask, field: "statement.task", "task \(task) has not been assigned")
            }
        case .plan, .progress, .completed, .delayed, .closeRequested, .extensionRequested, .findingOpened, .findingRectified, .findingClosed,
            .findingKeptOpen:
            break
        }
    }

    private func checkNewKey(_ key: VerifyingKey, suite: Suite) throws(RecordError) {
        guard key.suite == suite else {
            throw RecordError(.invalidValue, field: "statement.body.key", "key is \(key.suite.rawValue), ledger suite is \(suite.rawValue)")
        }
        let id = key.keyID(in: suite)
        if let existing = registry[id] {
            throw RecordError(
                .invalidValue, field: "statement.body.key",
                "key \(id.prefix(16))… is already enrolled for \(existing.department) at record \(existing.enrolledAt); a key is enrolled once")
        }
    }
}

/// A statement id as two machine words, so a million of them fit in a few tens of megabytes.
struct StatementKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// From 32 lowercase hex digits (``Hex/decode(_:)``'s alphabet), read in place: this runs for every record.
    init?(_ hex: String) {
        var hex = hex
        let words = hex.withUTF8 { utf8 -> (UInt64, UInt64)? in
            guard utf8.count == 32 else { return nil }
            return Hex.nibbleValues.withUnsafeBufferPointer { table -> (UInt64, UInt64)? in
                var high: UInt64 = 0, low: UInt64 = 0, outside: UInt8 = 0
                for k in 0..<16 {
                    let h = table[Int(utf8[k])], l = table[Int(utf8[k + 16])]
                    outside |= h | l
                    high = high << 4 | UInt64(h & 0x0F)
                    low = low << 4 | UInt64(l & 0x0F)
                }
                return outside & 0x80 == 0 ? (high, low) : nil
            }
        }
        guard let (high, low) = words else { return nil }
        self.init(high: high, low: low)
    }

    /// From exactly 16 bytes.
    init(bytes: ArraySlice<UInt8>) {
        precondition(bytes.count == 16)
        high = bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes.suffix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The 16 bytes, most significant first.
    var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    /// The first byte: which of the admission cache's 256 id buckets holds it.
    var bucket: Int { Int(high >> 56) }
}
