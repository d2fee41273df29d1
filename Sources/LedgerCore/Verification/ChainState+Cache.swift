import LedgerCrypto

/// The chain state as a JSON value for the admission cache (`cache/admission`), and back.
///
/// Everything but the statement ids, which the cache keeps in its own buckets. Bodies reuse the
/// format's own encodings (the genesis and `assigned` bodies), so a restored state holds exactly the
/// values a replay would.
extension ChainState {
    /// The state without its statement ids; nil before genesis.
    var cacheJSON: JSONValue? {
        guard let genesis, let ledgerID, let lastAccepted else { return nil }
        var keys: [JSONValue] = []
        for entry in registry.keys.values.sorted(by: { $0.enrolledAt < $1.enrolledAt || ($0.enrolledAt == $1.enrolledAt && $0.id < $1.id) }) {
            var o: [String: JSONValue] = [
                "id": .string(entry.id), "key": .string(Base64.encode(entry.key.derRepresentation)), "dept": .string(entry.department),
                "role": .string(entry.role.rawValue), "enrolledAt": .number(Double(entry.enrolledAt)),
            ]
            switch entry.status {
            case .active: o["status"] = "active"
            case .rotated(let seq, let successor):
                o["status"] = "rotated"
                o["statusSeq"] = .number(Double(seq))
                o["successor"] = .string(successor)
            case .revoked(let seq, let reason):
                o["status"] = "revoked"
                o["statusSeq"] = .number(Double(seq))
                o["reason"] = .string(reason)
            }
            keys.append(.object(o))
        }
        return [
            "ledger": .string(ledgerID),
            "genesis": Event.genesis(genesis).bodyJSON,
            "keys": .array(keys),
            "names": .object(registry.departmentNames.mapValues { .string($0) }),
            "tasks": .object(tasks.reduce(into: [:]) { $0[$1.key] = Event.assigned(task: $1.key, $1.value).bodyJSON }),
            "nextSeq": .number(Double(nextSeq)),
            "head": .string(head),
            "lastAccepted": .string(lastAccepted.description),
            "version": .number(Double(version)),
            "designated": .object(designatedLeads.mapValues { .string($0) }),
            "findings": .object(
                findings.mapValues { finding in
                    var o: [String: JSONValue] = ["inspector": .string(finding.inspector)]
                    switch finding.subject {
                    case .task(let task): o["task"] = .string(task)
                    case .department(let department): o["dept"] = .string(department)
                    }
                    return .object(o)
                }),
        ]
    }

    /// Restores a state written by ``cacheJSON``; nil when any part does not read back.
    init?(cacheJSON value: JSONValue) {
        guard let ledgerID = value["ledger"]?.stringValue, let genesisBody = value["genesis"],
            case .genesis(let genesis)? = try? Event(type: "genesis", task: nil, body: genesisBody),
            let keys = value["keys"]?.arrayValue, let names = value["names"]?.objectValue, let tasks = value["tasks"]?.objectValue,
            let nextSeq = value["nextSeq"]?.intValue, let head = value["head"]?.stringValue, Identifier.isDigest(head),
            let lastAcceptedText = value["lastAccepted"]?.stringValue, let lastAccepted = Timestamp(lastAcceptedText),
            let version = value["version"]?.intValue, FormatVersion.supported.contains(version),
            let designated = value["designated"]?.objectValue, let findingItems = value["findings"]?.objectValue
        else { return nil }
        var designatedLeads: [String: String] = [:]
        for (task, unit) in designated {
            guard let unit = unit.stringValue else { return nil }
            designatedLeads[task] = unit
        }
        var findings: [String: OpenedFinding] = [:]
        for (id, item) in findingItems {
            guard let inspector = item["inspector"]?.stringValue else { return nil }
            switch (item["task"]?.stringValue, item["dept"]?.stringValue) {
            case (let task?, nil): findings[id] = OpenedFinding(inspector: inspector, subject: .task(task))
            case (nil, let department?): findings[id] = OpenedFinding(inspector: inspector, subject: .department(department))
            default: return nil
            }
        }
        var registry = KeyRegistry()
        for item in keys {
            guard let id = item["id"]?.stringValue, let der = item["key"]?.stringValue.flatMap(Base64.decode),
                let key = try? VerifyingKey(derRepresentation: der), key.keyID(in: genesis.suite) == id,
                let department = item["dept"]?.stringValue, let role = item["role"]?.stringValue.flatMap(Role.init(rawValue:)),
                let enrolledAt = item["enrolledAt"]?.intValue
            else { return nil }
            let status: EnrolledKey.Status
            switch item["status"]?.stringValue {
            case "active": status = .active
            case "rotated":
                guard let seq = item["statusSeq"]?.intValue, let successor = item["successor"]?.stringValue else { return nil }
                status = .rotated(seq: seq, successor: successor)
            case "revoked":
                guard let seq = item["statusSeq"]?.intValue, let reason = item["reason"]?.stringValue else { return nil }
                status = .revoked(seq: seq, reason: reason)
            default: return nil
            }
            registry.keys[id] = EnrolledKey(id: id, key: key, department: department, role: role, enrolledAt: enrolledAt, status: status)
        }
        for (code, name) in names {
            guard let name = name.stringValue else { return nil }
            registry.departmentNames[code] = name
        }
        var assignments: [String: Assignment] = [:]
        for (task, body) in tasks {
            guard case .assigned(_, let assignment)? = try? Event(type: "assigned", task: task, body: body) else { return nil }
            assignments[task] = assignment
        }
        self.init()
        self.genesis = genesis
        self.ledgerID = ledgerID
        self.registry = registry
        self.tasks = assignments
        self.nextSeq = nextSeq
        self.head = head
        self.lastAccepted = lastAccepted
        self.version = version
        self.designatedLeads = designatedLeads
        self.findings = findings
    }

    /// Tells the state that a statement id is already in the log (found in the cache's id buckets), so
    /// ``apply(_:)`` refuses a statement that repeats it.
    mutating func noteStatementInLog(_ id: StatementKey) {
        statementIDs.insert(id)
    }
}

/// The chain state as an inspector keeps it between audits (FORMAT.md §12.9): the same JSON as the
/// admission cache's, and the statement ids as 16-byte values, so that verification of the records
/// after a cosigned checkpoint resumes exactly where the audit that cosigned it stopped.
extension ChainState {
    /// The bytes of one statement id.
    public static let statementIDByteCount = 16

    /// The state without its statement ids (keys, names, tasks, head, count, last acceptance time); nil
    /// before genesis.
    public var resumableJSON: JSONValue? { cacheJSON }

    /// Restores a state written by ``resumableJSON`` with the statement ids of every record it covers
    /// (`statementIDs.count` a multiple of 16); nil when any part does not read back.
    public init?(resumableJSON value: JSONValue, statementIDs: [UInt8]) {
        guard statementIDs.count % Self.statementIDByteCount == 0 else { return nil }
        self.init(cacheJSON: value)
        // A million ids: sized once, not grown by doubling (which rehashes every id each time).
        self.statementIDs.reserveCapacity(statementIDs.count / Self.statementIDByteCount + 4096)
        var offset = 0
        while offset < statementIDs.count {
            noteStatementInLog(StatementKey(bytes: statementIDs[offset..<(offset + Self.statementIDByteCount)]))
            offset += Self.statementIDByteCount
        }
        guard self.statementIDs.count * Self.statementIDByteCount == statementIDs.count else { return nil }
    }

    /// The 16 bytes of a record's statement id (its hex decoded), as ``init(resumableJSON:statementIDs:)`` takes them.
    public static func statementIDBytes(_ record: Record) -> [UInt8] {
        StatementKey(record.signed.statement.id)?.bytes ?? []
    }
}
