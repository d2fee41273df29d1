import LedgerCore
import LedgerProjector

/// The report's data as RFC 8785 canonical JSON, for programs: the same facts as the other formats,
/// with codes and raw numbers rather than words, so the output does not depend on the report language.
///
/// Built as a ``JSONValue`` and written with ``JSONValue/canonicalString``, never with Foundation's
/// encoder: the bytes are then fixed by the data alone and can be hashed or compared.
struct JSONReportWriter {
    let content: ReportContent

    init(_ content: ReportContent) {
        self.content = content
    }

    func report() -> String {
        let state = content.state
        let lights = Dictionary(uniqueKeysWithValues: Light.allCases.map { ($0.rawValue, JSONValue(integer: content.count($0))) })
        let statuses = Dictionary(uniqueKeysWithValues: TaskStatus.allCases.map { ($0.rawValue, JSONValue(integer: content.count($0))) })
        let value: JSONValue = [
            "view": "report",
            "ledger": ledger,
            "summary": [
                "tasks": JSONValue(integer: state.tasks.count), "lights": .object(lights), "statuses": .object(statuses),
                "done": JSONValue(integer: content.doneCount), "tally": tally,
            ],
            "sections": .array(
                content.sections.map { section in
                    [
                        "id": section.id.map(JSONValue.string) ?? .null, "title": content.givenSectionTitle(section.id).map(JSONValue.string) ?? .null,
                        "tasks": .array(section.tasks.map(task)),
                    ]
                }),
            "ranking": [
                "rule": ["zh": .string(state.rankingRule.zh), "en": .string(state.rankingRule.en)],
                "departments": .array(content.rankedDepartments.map(department)),
                "stationed": .array(content.stationedDepartments.map(department)),
                "unranked": .array(content.idleDepartments.map { department(code: $0.code) }),
            ],
            "plan": .array(
                state.plan.map { item in
                    [
                        "scope": .string(item.scope), "target": target(item.target), "latest": number(item.latest), "achievement": number(item.achievement),
                        "judgement": judgement(item.judgement), "owner": item.owner.map { department(code: $0) } ?? .null,
                        "conflicting": .bool(item.conflicting),
                        "sources": .array(
                            item.sources.map { s in
                                [
                                    "department": department(code: s.department), "task": s.task.map(JSONValue.string) ?? .null,
                                    "value": number(s.value), "seq": JSONValue(integer: s.seq),
                                ]
                            }),
                    ]
                }),
            "findings": JSONValue(integer: state.findings.count),
            "inspections": .array(
                state.inspections.map { f in
                    [
                        "id": .string(f.id), "seq": JSONValue(integer: f.seq), "openedAt": .string("\(f.openedAt)"), "inspector": department(code: f.inspector),
                        "task": f.task.map(JSONValue.string) ?? .null, "department": f.department.map(department(code:)) ?? .null,
                        "text": .string(f.text), "severity": .string(f.severity.rawValue), "deadline": .string("\(f.deadline)"),
                        "status": .string(f.status.rawValue), "rectifications": JSONValue(integer: f.rectifications), "ageDays": JSONValue(integer: f.ageDays),
                    ]
                }),
        ]
        return value.canonicalString
    }

    /// The audit tables, each under its kind's name as an array of objects keyed by column name.
    func audit() -> String {
        var members: [String: JSONValue] = [
            "view": "audit", "ledger": ledger, "silenceDays": JSONValue(integer: content.state.options.silenceDays),
        ]
        for table in content.auditTables {
            members[table.kind.rawValue] = .array(
                table.rows.map { row in
                    .object(Dictionary(uniqueKeysWithValues: zip(table.columns, row.values).map { ($0.rawValue, json($1)) }))
                })
        }
        return JSONValue.object(members).canonicalString
    }

    /// A value as data: departments as code and name, times in UTC, the deadline in force.
    private func json(_ value: AuditTable.Value) -> JSONValue {
        switch value {
        case .integer(let n): n.map(JSONValue.init(integer:)) ?? .null
        case .text(let text): text.map(JSONValue.string) ?? .null
        case .department(let code): department(code: code)
        case .departments(let codes): .array(codes.map(department(code:)))
        case .day(let day): .string("\(day)")
        case .deadline(_, let inForce): .string("\(inForce)")
        case .time(let instant): string(instant)
        case .percent(let percent): number(percent)
        case .update(let seq, let at, let by): ["seq": JSONValue(integer: seq), "at": .string("\(at)"), "by": department(code: by)]
        case .severity(let severity): .string(severity.rawValue)
        case .findingStatus(let status): .string(status.rawValue)
        case .targets(let metrics): .array(metrics.map(metric))
        }
    }

    // MARK: Pieces

    private var ledger: JSONValue {
        let state = content.state
        return [
            "id": .string(state.ledgerID), "title": .string(state.title), "recordCount": JSONValue(integer: state.recordCount),
            "head": .string(state.head), "asOf": .string("\(state.asOf)"),
        ]
    }

    private func task(_ t: TaskState) -> JSONValue {
        [
            "id": .string(t.id), "section": t.section.map(JSONValue.string) ?? .null, "title": .string(t.title),
            "lead": .array(t.lead.map(department(code:))), "co": .array(t.co.map(department(code:))),
            "originalDeadline": .string("\(t.originalDeadline)"), "deadline": .string("\(t.deadline)"),
            "status": .string(t.status.rawValue), "percent": number(t.percent),
            "light": .string(t.light.rawValue), "lightReason": .string(t.lightReason),
            "lightReasonCode": t.lightReasonCode.json,
            "lastUpdate": ["seq": JSONValue(integer: t.lastUpdateSeq), "at": .string("\(t.lastUpdateAt)"), "by": department(code: t.lastUpdateBy)],
            "reports": JSONValue(integer: t.reports),
            "delays": .array(
                t.delays.map { d in
                    [
                        "seq": JSONValue(integer: d.seq), "accepted": .string("\(d.accepted)"), "department": department(code: d.department),
                        "reason": .string(d.reason), "from": .string("\(d.previousDeadline)"), "until": .string("\(d.until)"),
                    ]
                }),
            "completedAt": string(t.completedAt), "completedLate": .bool(t.completedLate), "everOverdue": .bool(t.everOverdue),
            "workflow": [
                "designatedLead": t.workflow.designatedLead.map(department(code:)) ?? .null,
                "application": t.workflow.application.map { a in
                    ["seq": JSONValue(integer: a.seq), "accepted": .string("\(a.accepted)"), "department": department(code: a.department)]
                } ?? .null,
                "applications": JSONValue(integer: t.workflow.applications), "returned": JSONValue(integer: t.workflow.returned),
                "closedAt": string(t.workflow.closedAt), "reopened": JSONValue(integer: t.workflow.reopened),
                "extensionRequest": t.workflow.extensionRequest.map { r in
                    ["seq": JSONValue(integer: r.seq), "until": .string("\(r.until)"), "department": department(code: r.department)]
                } ?? .null,
                "extensionsApproved": JSONValue(integer: t.workflow.extensionsApproved),
                "extensionsRefused": JSONValue(integer: t.workflow.extensionsRefused),
            ],
            "schedule": number(t.schedule), "closedTargetsUnmet": .bool(t.closedTargetsUnmet), "openFindings": JSONValue(integer: t.openFindings),
            "metrics": .array(t.metrics.map(metric)),
        ]
    }

    private func metric(_ m: MetricState) -> JSONValue {
        [
            "metric": .string(m.metric), "unit": .string(m.unit), "target": m.target.map(target) ?? .null,
            "latest": number(m.latest), "achievement": number(m.achievement), "reportedSeq": number(m.reportedSeq.map(Double.init)),
            "judgement": judgement(m.judgement),
        ]
    }

    /// A judgement as data: kind, met, gap in the target's unit (百分点 for rates), ratio where meaningful.
    private func judgement(_ j: TargetJudgement?) -> JSONValue {
        guard let j else { return .null }
        return [
            "kind": .string(j.kind.rawValue), "met": .bool(j.met), "gap": number(j.gap), "ratio": number(j.ratio),
            "tolerance": number(j.tolerance),
        ]
    }

    private var tally: JSONValue {
        let t = content.state.tally
        return [
            "overdue": JSONValue(integer: t.overdue), "completedLate": JSONValue(integer: t.completedLate),
            "extended": JSONValue(integer: t.extended), "behind": JSONValue(integer: t.behind),
            "seriouslyBehind": JSONValue(integer: t.seriouslyBehind), "dueSoon": JSONValue(integer: t.dueSoon),
            "silent": JSONValue(integer: t.silent), "awaitingStatistics": JSONValue(integer: t.awaitingStatistics),
            "closedTargetsUnmet": JSONValue(integer: t.closedTargetsUnmet),
        ]
    }

    private func department(_ d: DepartmentState) -> JSONValue {
        [
            "code": .string(d.code), "name": .string(content.name(d.code)), "rank": d.rank.map(JSONValue.init(integer:)) ?? .null,
            "tied": .bool(d.tied), "score": number(d.score), "stationed": .bool(d.stationed), "taskScore": number(d.taskScore),
            "attainment": number(d.attainment), "timeliness": number(d.timeliness), "weight": number(d.weight),
            "led": JSONValue(integer: d.tasksLed), "shared": JSONValue(integer: d.tasksShared),
            "completedOnTime": JSONValue(integer: d.completedOnTime), "completedLate": JSONValue(integer: d.completedLate),
            "delayed": JSONValue(integer: d.delayed), "overdue": JSONValue(integer: d.overdue), "reports": JSONValue(integer: d.reports),
            "openFindings": JSONValue(integer: d.openFindings), "open": JSONValue(integer: d.tasksOpen), "lastReportAt": string(d.lastReportAt),
            "daysSinceLastReport": number(d.daysSinceLastReport.map(Double.init)),
        ]
    }

    private func department(code: String) -> JSONValue {
        ["code": .string(code), "name": .string(content.name(code))]
    }

    private func target(_ t: Target) -> JSONValue {
        ["metric": .string(t.metric), "value": number(t.value), "unit": .string(t.unit), "comparator": .string(t.comparator.rawValue)]
    }

    /// A number, or null when absent or not finite (an achievement against a zero target has no JSON form).
    private func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    private func string(_ time: Timestamp?) -> JSONValue {
        time.map { .string("\($0)") } ?? .null
    }
}

extension JSONValue {
    /// A count as a JSON number.
    init(integer: Int) { self = .number(Double(integer)) }
}
