import LedgerCrypto

extension Event {
    /// One line for people: what the statement says, as `ledger log` lists it.
    ///
    /// Key ids are cut to their first 16 digits and numbers are written in their canonical JSON form;
    /// the line is for reading, not for parsing (the record's JSON is the data).
    public var summary: String {
        switch self {
        case .genesis(let g): "ledger created: \(g.title), suite \(g.suite.rawValue), operator \(g.department) \(g.name)"
        case .keyEnrolled(let dept, let name, let role, _): "enrolled a \(role.rawValue) key for \(dept) \(name)"
        case .keyRotated(let old, _): "rotated key \(old.prefix(16))…"
        case .keyRevoked(let key, let reason): "revoked key \(key.prefix(16))…: \(reason)"
        case .plan(let title, let sections, let targets): "plan \(title): \(sections.count) sections, \(targets.count) headline/section targets"
        case .assigned(_, let a): "\(a.title) — lead \(a.lead.joined(separator: ",")) co \(a.co.joined(separator: ",")) due \(a.deadline)"
        case .progress(_, let percent, let metrics, let note):
            (["\(JSONValue.canonicalNumber(percent))%"] + metrics.map { "\($0.metric)=\(JSONValue.canonicalNumber($0.value))\($0.unit)" }
                + (note.map { [$0] } ?? [])).joined(separator: "  ")
        case .completed(_, let evidence, let note): "completed with \(evidence.count) evidence file(s)\(note.map { ": \($0)" } ?? "")"
        case .delayed(_, let reason, let until): "delayed to \(until): \(reason)"
        case .leadDesignated(_, let department): "office designated \(department) to apply for closing"
        case .indicatorOwnerDesignated(let scope, let metric, let department): "office designated \(department) to report \(metric) (\(scope))"
        case .closeRequested(_, let evidence, let note): "applied to close with \(evidence.count) evidence file(s)\(note.map { ": \($0)" } ?? "")"
        case .closeApproved(_, let note): "closed by the office: \(note)"
        case .closeReturned(_, let reason): "application returned: \(reason)"
        case .reopened(_, let reason): "reopened: \(reason)"
        case .extensionRequested(_, let reason, let until): "asked for an extension to \(until): \(reason)"
        case .extensionApproved(_, let note): "extension approved\(note.map { ": \($0)" } ?? "")"
        case .extensionRefused(_, let reason): "extension refused: \(reason)"
        case .findingOpened(let subject, let text, let severity, let deadline):
            "finding (\(severity.rawValue)) on \(subject.summary), rectify by \(deadline): \(text)"
        case .findingRectified(let finding, let evidence, let note):
            "rectified finding \(finding.prefix(8))… with \(evidence.count) evidence file(s): \(note)"
        case .findingClosed(let finding, let note): "closed finding \(finding.prefix(8))…: \(note)"
        case .findingKeptOpen(let finding, let reason): "kept finding \(finding.prefix(8))… open: \(reason)"
        }
    }
}

extension FindingSubject {
    /// `task 1.6` or `unit FGJ`.
    public var summary: String {
        switch self {
        case .task(let task): "task \(task)"
        case .department(let department): "unit \(department)"
        }
    }
}
