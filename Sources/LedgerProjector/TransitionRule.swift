import LedgerCore
import LedgerCrypto

/// A rule about a task's life that the record format alone does not enforce.
///
/// Each rule judges one task event against the projected state *before* the event is applied.
/// `ledger append` refuses a statement that breaks one (``Projector/admissionCheck(_:)``); replaying a
/// ledger that already contains one, perhaps written by another tool, records a ``Finding`` and leaves
/// the task's state as it was.
public enum TransitionRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// A progress, completion or delay for a task that was never assigned.
    case unknownTask = "unknown-task"
    /// A second assignment of a task id.
    case duplicateTask = "duplicate-task"
    /// A report signed by a department that is neither lead nor co-responsible for the task.
    case notResponsible = "not-responsible"
    /// Progress, completion or a delay after the task was completed.
    case afterCompletion = "after-completion"
    /// A delay (or an extension request) whose new date is not after the deadline in force.
    case delayNotLater = "delay-not-later"
    /// An application to close while one is open (version 2).
    case applicationPending = "application-pending"
    /// A close or return with no open application (version 2).
    case noApplication = "no-application"
    /// A reopening of a task that is not closed (version 2).
    case notClosed = "not-closed"
    /// An extension request while one is open (version 2).
    case extensionPending = "extension-pending"
    /// An approval or refusal with no open extension request (version 2).
    case noExtensionRequest = "no-extension-request"
    /// A rectification or verdict on a finding the inspector closed, or that was never opened (version 2).
    case findingNotOpen = "finding-not-open"
    /// An indicator owner designated for a (scope, metric) that is no target of the plan in force (version 2).
    case unknownIndicator = "unknown-indicator"

    /// The error code ``Projector/admissionCheck(_:)`` throws for this rule.
    public var code: RecordError.Code {
        switch self {
        case .unknownTask: .unknownTask
        case .duplicateTask: .duplicateTask
        case .notResponsible: .notAuthorized
        case .afterCompletion, .delayNotLater, .applicationPending, .noApplication, .notClosed, .extensionPending, .noExtensionRequest,
            .findingNotOpen:
            .illegalTransition
        case .unknownIndicator: .invalidValue
        }
    }

    /// The field of the record the rule is about.
    public var field: String {
        switch self {
        case .unknownTask, .duplicateTask: "statement.task"
        case .notResponsible: "statement.by"
        case .afterCompletion, .applicationPending, .noApplication, .notClosed, .extensionPending, .noExtensionRequest: "statement.type"
        case .delayNotLater: "statement.body.until"
        case .findingNotOpen: "statement.body.finding"
        case .unknownIndicator: "statement.body.metric"
        }
    }

    /// Judges `statement` against `task`, the task's fold state before the statement (nil when unassigned).
    /// Returns the broken rule and a reason a person can act on, or nil when the statement is acceptable.
    ///
    /// `findings` are the 督查发现 opened so far, by id. Authority (who may sign) is verification's (§6);
    /// these rules are about order: what the task's or the finding's state allows next. `planTargets` are
    /// the targets of the plan in force, which an indicator owner's designation must name.
    static func judge(
        _ statement: Statement, task: TaskFold?, findings: [String: InspectionFinding] = [:], planTargets: [PlanTarget] = []
    ) -> (rule: TransitionRule, reason: String)? {
        let by = statement.department
        switch statement.event {
        case .assigned(let id, _):
            if task != nil { return (.duplicateTask, "task \(id) is already assigned") }
            return nil
        case .progress(let id, _, _, _), .completed(let id, _, _), .delayed(let id, _, _):
            guard let task else { return (.unknownTask, "task \(id) has not been assigned") }
            guard task.isResponsible(by) else {
                return (.notResponsible, "\(by) is neither lead nor co-responsible for task \(id) (responsible: \(task.responsible.joined(separator: ", ")))")
            }
            if task.status == .closed {
                return (.afterCompletion, "task \(id) is closed (办结); the office must reopen it before a \(statement.event.type)")
            }
            if task.isCompleted {
                let when = task.completedSeq.map { " at record \($0)" } ?? ""
                return (.afterCompletion, "task \(id) was completed\(when); no \(statement.event.type) may follow a completion")
            }
            // A delay's reason is the format's rule (non-empty text, FORMAT.md §5.4), checked before a
            // record exists; what is left here is the date.
            if case .delayed(_, _, let until) = statement.event {
                if until <= task.deadline {
                    return (
                        .delayNotLater,
                        "the new date \(until) is not after the deadline in force \(task.deadline): a delay cannot move a deadline earlier or keep it"
                    )
                }
            }
            return nil
        case .closeRequested(let id, _, _), .extensionRequested(let id, _, _):
            guard let task else { return (.unknownTask, "task \(id) has not been assigned") }
            guard task.isResponsible(by) else {
                return (.notResponsible, "\(by) is neither lead nor co-responsible for task \(id) (responsible: \(task.responsible.joined(separator: ", ")))")
            }
            if task.isCompleted {
                return (.afterCompletion, "task \(id) is closed (办结); the office must reopen it before a \(statement.event.type)")
            }
            if case .extensionRequested(_, _, let until) = statement.event {
                if let open = task.workflow.extensionRequest {
                    return (.extensionPending, "task \(id) already has an extension request (record \(open.seq)) the office has not decided")
                }
                if until <= task.deadline {
                    return (
                        .delayNotLater, "the new date \(until) is not after the deadline in force \(task.deadline): an extension must move the deadline later"
                    )
                }
            } else if let open = task.workflow.application {
                return (.applicationPending, "task \(id) already has an application to close (record \(open.seq)) the office has not decided")
            }
            return nil
        case .closeApproved(let id, _), .closeReturned(let id, _):
            guard let task else { return (.unknownTask, "task \(id) has not been assigned") }
            guard task.workflow.application != nil else {
                return (.noApplication, "task \(id) has no open application to close; the office closes or returns only what a unit applied for")
            }
            return nil
        case .reopened(let id, _):
            guard let task else { return (.unknownTask, "task \(id) has not been assigned") }
            guard task.status == .closed else { return (.notClosed, "task \(id) is not closed (办结); only a closed task can be reopened") }
            return nil
        case .extensionApproved(let id, _), .extensionRefused(let id, _):
            guard let task else { return (.unknownTask, "task \(id) has not been assigned") }
            guard task.workflow.extensionRequest != nil else {
                return (.noExtensionRequest, "task \(id) has no open extension request to approve or refuse")
            }
            return nil
        case .leadDesignated(let id, _):
            guard task != nil else { return (.unknownTask, "task \(id) has not been assigned") }
            return nil
        case .findingOpened(let subject, _, _, _):
            if case .task(let id) = subject, task == nil { return (.unknownTask, "task \(id) has not been assigned") }
            return nil
        case .findingRectified(let id, _, _), .findingClosed(let id, _), .findingKeptOpen(let id, _):
            guard let finding = findings[id] else { return (.findingNotOpen, "no finding was opened by statement \(id)") }
            guard finding.status != .closed else {
                return (.findingNotOpen, "finding \(id.prefix(8))… was closed by the inspector\(finding.closedAt.map { " at \($0)" } ?? "")")
            }
            return nil
        case .indicatorOwnerDesignated(let scope, let metric, _):
            guard planTargets.contains(where: { FormatRule.same($0.scope, scope) && FormatRule.same($0.target.metric, metric) }) else {
                let known = planTargets.isEmpty ? "no plan with targets has been recorded" : "the plan in force has no target \(metric) under \(scope)"
                return (.unknownIndicator, "\(known); an owner is designated only for a headline or section target of the plan")
            }
            return nil
        case .genesis, .keyEnrolled, .keyRotated, .keyRevoked, .plan:
            return nil
        }
    }
}

extension Projector: AdmissionPolicy {
    /// Folds a record already in the log.
    public mutating func observe(_ record: Record) {
        apply(record)
    }

    /// Refuses a candidate that breaks a transition rule; otherwise folds it, so the next candidate of
    /// the same batch is judged after it.
    public mutating func admit(_ record: Record) throws(RecordError) {
        try admissionCheck(record)
        apply(record)
    }
}

extension Projector {
    /// The projector's state for the admission cache: its snapshot bytes.
    public func cacheRepresentation(suite: Suite, head: String, recordCount: Int) -> [UInt8]? {
        guard recordCount == self.recordCount, head == self.head else { return nil }
        return snapshot(suite: suite, head: head, recordCount: recordCount)
    }

    /// Restores the state ``cacheRepresentation(suite:head:recordCount:)`` wrote, with this projector's options.
    public mutating func restore(cacheRepresentation bytes: [UInt8], suite: Suite, head: String, recordCount: Int) -> Bool {
        guard let snapshot = try? Snapshot(bytes: bytes, suite: suite, options: options), snapshot.recordCount == recordCount,
            FormatRule.same(snapshot.head, head)
        else { return false }
        self = snapshot.projector
        return true
    }
}
