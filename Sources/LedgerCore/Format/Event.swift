import LedgerCrypto

/// A role a key can hold inside a ledger.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// The task-force office: enrols keys, assigns tasks.
    case `operator`
    /// A department: reports on the tasks it leads or shares.
    case department
    /// A discipline inspector: audits; signs no task events.
    case inspector

    public static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }
}

/// How a reported value is judged against a target.
public enum Comparator: String, Sendable, Codable, CaseIterable {
    /// At least the value (以上, 不低于).
    case atLeast = ">="
    /// More than the value (突破, 超过).
    case moreThan = ">"
    /// About the value (左右).
    case about = "~"
    /// Exactly the value.
    case equal = "="
    /// At most the value (e.g. a ranking: 前13名).
    case atMost = "<="
}

/// A numeric target set when a task is assigned: `新增限额以上企业 ≥ 40 家`.
public struct Target: Sendable, Hashable, Codable {
    public var metric: String
    public var value: Double
    public var unit: String
    public var comparator: Comparator

    public init(metric: String, value: Double, unit: String, comparator: Comparator = .atLeast) {
        self.metric = metric
        self.value = value
        self.unit = unit
        self.comparator = comparator
    }
}

/// A reported value of a metric: `新增限额以上企业 = 23 家`.
public struct MetricValue: Sendable, Hashable, Codable {
    public var metric: String
    public var value: Double
    public var unit: String

    public init(metric: String, value: Double, unit: String) {
        self.metric = metric
        self.value = value
        self.unit = unit
    }
}

/// A file offered as evidence of completion, by its digest under the ledger's hash function.
public struct Evidence: Sendable, Hashable, Codable {
    /// A file name for people; not checked.
    public var name: String
    /// Lowercase hex digest of the file's bytes (SM3 or SHA-256, the ledger suite's hash).
    public var digest: String

    public init(name: String, digest: String) {
        self.name = name
        self.digest = digest
    }
}

/// A plan-level target: a headline target (`scope` = `headline`) or a section's (`scope` = the section id).
public struct PlanTarget: Sendable, Hashable, Codable {
    public var scope: String
    public var target: Target

    public init(scope: String, target: Target) {
        self.scope = scope
        self.target = target
    }
}

/// A section of the plan, so reports can show its title: `1` → `（一）激发释放消费潜力`.
public struct PlanSection: Sendable, Hashable, Codable {
    public var id: String
    public var title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

/// The body of a `genesis` statement: what the ledger is and who runs it.
public struct Genesis: Sendable, Hashable {
    public var suite: Suite
    /// A display title, e.g. `平江县打好经济增长主动仗工作台账`.
    public var title: String
    /// The fixed UTC offset in which deadlines (calendar days) end, e.g. `+08:00`.
    public var utcOffset: String
    /// The operator's department code and display name, and its public key.
    public var department: String
    public var name: String
    public var key: VerifyingKey

    public init(suite: Suite, title: String, utcOffset: String, department: String, name: String, key: VerifyingKey) {
        self.suite = suite
        self.title = title
        self.utcOffset = utcOffset
        self.department = department
        self.name = name
        self.key = key
    }

    /// The offset in seconds (`+08:00` → 28800).
    public var utcOffsetSeconds: Int { Genesis.parseOffset(utcOffset) ?? 0 }

    static func parseOffset(_ s: String) -> Int? {
        let b = Array(s.utf8)
        guard b.count == 6, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"), b[3] == UInt8(ascii: ":"),
            let h = Int(String(decoding: b[1..<3], as: UTF8.self)), let m = Int(String(decoding: b[4..<6], as: UTF8.self)),
            b[1...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), b[4...5].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            h <= 14, m < 60
        else { return nil }
        return (b[0] == UInt8(ascii: "-") ? -1 : 1) * (h * 3600 + m * 60)
    }
}

/// The body of an `assigned` statement: the task as the office hands it out.
public struct Assignment: Sendable, Hashable {
    public var title: String
    /// The plan section the task belongs to, e.g. `1` for （一）激发释放消费潜力.
    public var section: String?
    /// Lead departments (牵头); may be empty when the plan names only co-responsible units.
    public var lead: [String]
    /// Co-responsible departments (负责).
    public var co: [String]
    public var deadline: CalendarDay
    public var targets: [Target]

    public init(title: String, section: String? = nil, lead: [String], co: [String], deadline: CalendarDay, targets: [Target] = []) {
        self.title = title
        self.section = section
        self.lead = lead
        self.co = co
        self.deadline = deadline
        self.targets = targets
    }

    /// Every department answerable for the task.
    public var responsible: [String] { lead + co }
}

/// What a statement says happened.
public enum Event: Sendable, Hashable {
    /// Record 0: the ledger's identity, suite and operator key.
    case genesis(Genesis)
    /// A key now speaks for a department in a role.
    case keyEnrolled(department: String, name: String, role: Role, key: VerifyingKey)
    /// A key replaces another, taking over its department and role; the old key stops being valid.
    case keyRotated(old: String, key: VerifyingKey)
    /// A key stops being valid from this record on.
    case keyRevoked(key: String, reason: String)
    /// The office records the plan's title and its headline and section targets (a later one replaces it).
    case plan(title: String, sections: [PlanSection], targets: [PlanTarget])
    /// The office assigns a task.
    case assigned(task: String, Assignment)
    /// A responsible department reports progress.
    case progress(task: String, percent: Double, metrics: [MetricValue], note: String?)
    /// A responsible department reports completion with evidence.
    case completed(task: String, evidence: [Evidence], note: String?)
    /// A responsible department reports a delay, with its reason and the new expected date (version 1 only).
    case delayed(task: String, reason: String, until: CalendarDay)
    /// The office designates which unit applies for 销号 of a task whose assignment names no 牵头 unit.
    case leadDesignated(task: String, department: String)
    /// The office designates the unit whose reported value is a plan indicator's value (责任单位): `scope`
    /// is `headline` or a plan section id and `metric` a plan target's metric, as in the plan's targets.
    case indicatorOwnerDesignated(scope: String, metric: String, department: String)
    /// 申请销号: an applicant unit asks the office to close the task, with evidence.
    case closeRequested(task: String, evidence: [Evidence], note: String?)
    /// 销号/办结: the office closes the task on the open application, with its review note.
    case closeApproved(task: String, note: String)
    /// 退回: the office returns the open application with its reason; the task is in progress again.
    case closeReturned(task: String, reason: String)
    /// The office reopens a closed task, with its reason.
    case reopened(task: String, reason: String)
    /// 申请延期: a responsible unit asks for a later deadline.
    case extensionRequested(task: String, reason: String, until: CalendarDay)
    /// The office approves the open extension request: its date becomes the deadline for good (已延期).
    case extensionApproved(task: String, note: String?)
    /// The office refuses the open extension request, with its reason; the deadline stays.
    case extensionRefused(task: String, reason: String)
    /// 督查发现: an inspector opens a finding on a task or a unit, with a 整改 deadline.
    case findingOpened(subject: FindingSubject, text: String, severity: FindingSeverity, deadline: CalendarDay)
    /// 整改: the unit answers a finding (named by the opening statement's id) with evidence.
    case findingRectified(finding: String, evidence: [Evidence], note: String)
    /// The inspector closes a finding.
    case findingClosed(finding: String, note: String)
    /// The inspector keeps a finding open, with the reason (a rectification that is not enough).
    case findingKeptOpen(finding: String, reason: String)

    /// The `type` field's value.
    public var type: String {
        switch self {
        case .genesis: "genesis"
        case .keyEnrolled: "key-enrolled"
        case .keyRotated: "key-rotated"
        case .keyRevoked: "key-revoked"
        case .plan: "plan"
        case .assigned: "assigned"
        case .progress: "progress"
        case .completed: "completed"
        case .delayed: "delayed"
        case .leadDesignated: "lead-designated"
        case .indicatorOwnerDesignated: "indicator-owner-designated"
        case .closeRequested: "close-requested"
        case .closeApproved: "close-approved"
        case .closeReturned: "close-returned"
        case .reopened: "reopened"
        case .extensionRequested: "extension-requested"
        case .extensionApproved: "extension-approved"
        case .extensionRefused: "extension-refused"
        case .findingOpened: "finding-opened"
        case .findingRectified: "finding-rectified"
        case .findingClosed: "finding-closed"
        case .findingKeptOpen: "finding-kept-open"
        }
    }

    /// Every value `type` may take (in some version; ``FormatVersion/allows(type:in:)`` says which).
    public static let types = [
        "genesis", "key-enrolled", "key-rotated", "key-revoked", "plan", "assigned", "progress", "completed", "delayed",
        "lead-designated", "close-requested", "close-approved", "close-returned", "reopened",
        "extension-requested", "extension-approved", "extension-refused",
        "finding-opened", "finding-rectified", "finding-closed", "finding-kept-open", "indicator-owner-designated",
    ]

    /// The types that name a task (and so carry the statement's `task` member). A finding names its
    /// task, if any, in its body: a finding may be on a unit instead.
    static let taskTypes = [
        "assigned", "progress", "completed", "delayed", "lead-designated", "close-requested", "close-approved", "close-returned", "reopened",
        "extension-requested", "extension-approved", "extension-refused",
    ]

    /// The task the event is about, for task events.
    public var task: String? {
        switch self {
        case .assigned(let t, _), .progress(let t, _, _, _), .completed(let t, _, _), .delayed(let t, _, _), .leadDesignated(let t, _),
            .closeRequested(let t, _, _), .closeApproved(let t, _), .closeReturned(let t, _), .reopened(let t, _),
            .extensionRequested(let t, _, _), .extensionApproved(let t, _), .extensionRefused(let t, _):
            t
        default: nil
        }
    }

    /// The finding (督查发现) a rectification or an inspector's verdict answers: the opening statement's id.
    public var finding: String? {
        switch self {
        case .findingRectified(let f, _, _), .findingClosed(let f, _), .findingKeptOpen(let f, _): f
        default: nil
        }
    }
}

/// What a 督查发现 is about: a task, or a unit as a whole.
public enum FindingSubject: Sendable, Hashable, Codable {
    case task(String)
    case department(String)
}

/// How grave a 督查发现 is, as codes in the record and the office's words in reports.
public enum FindingSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    /// 一般
    case general
    /// 较重
    case serious
    /// 严重
    case severe

    /// The word a 督办 office uses.
    public var label: String {
        switch self {
        case .general: "一般"
        case .serious: "较重"
        case .severe: "严重"
        }
    }
}
