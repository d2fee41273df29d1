import LedgerCore

extension Projector {
    /// The state of the plan with every light judged at `asOf`.
    ///
    /// - Parameter asOf: the instant that counts as "now"; by default the acceptance time of the last
    ///   applied record, so the state depends on the records alone.
    /// - Returns: tasks in ``NaturalOrder`` of their ids (`1.2` before `1.10`), departments by rank, findings by seq,
    ///   plan targets headline first then by section: the same records always give the same value.
    public func state(asOf: Timestamp? = nil) -> ProjectedState {
        let asOf = asOf ?? fold.lastAccepted ?? Timestamp(secondsSinceEpoch: 0)
        let clock = fold.clock
        var openOnTask: [String: Int] = [:]
        for finding in fold.inspections.values where finding.status != .closed {
            if let task = finding.task { openOnTask[task, default: 0] += 1 }
        }
        let tasks = fold.tasks.values
            .sorted { NaturalOrder.precedes($0.id, $1.id) }
            .map { $0.state(asOf: asOf, clock: clock, options: options, openFindings: openOnTask[$0.id] ?? 0) }
        return ProjectedState(
            ledgerID: fold.ledgerID ?? "", title: fold.title, recordCount: fold.recordCount, head: head, asOf: asOf,
            tasks: tasks, departments: departments(tasks: tasks, asOf: asOf), findings: fold.findings,
            rankingRule: Ranking.rule, planTitle: fold.planTitle, sections: fold.planSections, plan: plan, options: options,
            utcOffsetSeconds: fold.utcOffsetSeconds, inspections: inspections(asOf: asOf))
    }

    /// The 督查发现 in the order they were opened, each with its age at `asOf` (to its closing, once closed).
    private func inspections(asOf: Timestamp) -> [InspectionFinding] {
        fold.inspections.values.sorted { $0.seq < $1.seq }.map { finding in
            var finding = finding
            finding.inspectorName = fold.departments[finding.inspector]?.name
            let end = finding.closedAt ?? asOf
            finding.ageDays = max(0, Int((end.secondsSinceEpoch - finding.openedAt.secondsSinceEpoch).floorDivided(by: 86_400)))
            return finding
        }
    }

    /// Every unit with a department key or a task, with its counts, score and place in the 参考排名.
    private func departments(tasks: [TaskState], asOf: Timestamp) -> [DepartmentState] {
        let clock = fold.clock
        var listed: [String: DepartmentState] = [:]
        var weighted: [String: (sum: Double, weight: Double)] = [:]
        var dueMonths: [String: Set<Int>] = [:]
        let currentMonth = clock.month(of: asOf)
        func entry(_ code: String) -> DepartmentState {
            if let known = listed[code] { return known }
            let fold = fold.departments[code] ?? DepartmentFold(code: code, name: code)
            let since = fold.lastReportAt ?? fold.enrolledAt
            let days = since.map { Int((asOf.secondsSinceEpoch - $0.secondsSinceEpoch).floorDivided(by: 86_400)) }
            return DepartmentState(
                code: code, name: fold.name, tasksLed: 0, tasksShared: 0, completedOnTime: 0, completedLate: 0,
                delayed: 0, overdue: 0, reports: fold.reports, lastReportAt: fold.lastReportAt,
                daysSinceLastReport: days, rank: nil, score: nil,
                stationed: Ranking.isStationed(name: fold.name) || options.stationedUnits.contains { FormatRule.same($0, code) })
        }
        for (code, fold) in fold.departments where fold.hasDepartmentKey {
            listed[code] = entry(code)
        }
        // A finding on a unit counts against that unit, task or none.
        for finding in fold.inspections.values where finding.status != .closed {
            guard let code = finding.department else { continue }
            var d = entry(code)
            d.openFindings += 1
            listed[code] = d
        }
        for task in tasks {
            let judged = task.status.isDone || task.lightReasonCode.kind == .overdue || task.lightReasonCode.kind == .awaitingStatistics
            let targets = task.metrics.filter { $0.target != nil }
            // Months owed: the full months after assignment, before the state's month, while the task was open.
            let first = clock.month(of: task.assignedAt) + 1
            let last = min(currentMonth - 1, task.completedAt.map { clock.month(of: $0) } ?? Int.max)
            // A finding on a task counts against the units that answer for it: its 牵头 units, else the
            // unit the office designated, else every responsible unit.
            let answersFor = !task.lead.isEmpty ? task.lead : task.workflow.designatedLead.map { [$0] } ?? task.co
            for code in task.lead + task.co {
                var d = entry(code)
                let leads = task.lead.contains(code)
                if leads { d.tasksLed += 1 } else { d.tasksShared += 1 }
                if answersFor.contains(code) { d.openFindings += task.openFindings }
                if !task.status.isDone { d.tasksOpen += 1 }
                if task.status.isDone {
                    if task.completedLate { d.completedLate += 1 } else { d.completedOnTime += 1 }
                    if task.closedTargetsUnmet { d.closedTargetsUnmet += 1 }
                } else if task.lightReasonCode.kind == .overdue {
                    d.overdue += 1
                }
                if !task.delays.isEmpty { d.delayed += 1 }
                if judged {
                    d.targetsJudged += targets.count
                    d.targetsMet += targets.count { $0.judgement?.met == true }
                }
                let weight = leads ? Ranking.leadWeight : Ranking.sharedWeight
                weighted[code, default: (0, 0)].sum += weight * Ranking.taskScore(task)
                weighted[code, default: (0, 0)].weight += weight
                if (leads || task.lead.isEmpty), first <= last {
                    dueMonths[code, default: []].formUnion(first...last)
                }
                listed[code] = d
            }
        }
        let scored = listed.values.map { d in
            var d = d
            d.silent = d.judgedSilent(under: options)
            if let w = weighted[d.code] {
                d.weight = w.weight
                d.taskScore = Ranking.taskScore(weightedSum: w.sum, weight: w.weight)
            }
            let due = dueMonths[d.code] ?? []
            d.monthsDue = due.count
            d.monthsReported = (fold.departments[d.code]?.reportMonths ?? []).count { due.contains($0) }
            d.score = Ranking.score(taskScore: d.taskScore, attainment: d.attainment, timeliness: d.timeliness, openFindings: d.openFindings)
            return d
        }
        return Ranking.rank(scored)
    }

    /// The plan's targets, headline first then by section (plan order within a scope), each with its
    /// one value (docs/JUDGEMENT.md, rule V) and every unit's latest value for it.
    private var plan: [PlanTargetState] {
        let ordered = fold.planTargets.enumerated().sorted { a, b in
            let (x, y) = (a.element.scope, b.element.scope)
            if !FormatRule.same(x, y) {
                let (xHeadline, yHeadline) = (FormatRule.same(x, "headline"), FormatRule.same(y, "headline"))
                if xHeadline || yHeadline { return xHeadline }
                return NaturalOrder.precedes(x, y)
            }
            return a.offset < b.offset
        }
        var byIndicator: [String: [IndicatorSource]] = [:]
        for reported in fold.indicatorValues.values {
            let source = IndicatorSource(department: reported.by, task: reported.task, value: reported.value, seq: reported.seq)
            byIndicator[ReportedMetric.key(metric: reported.metric, unit: reported.unit), default: []].append(source)
        }
        return ordered.map { _, planTarget in
            let target = planTarget.target
            let key = ReportedMetric.key(metric: target.metric, unit: target.unit)
            let sources = (byIndicator[key] ?? []).sorted {
                $0.department.unicodeScalars.lexicographicallyPrecedes($1.department.unicodeScalars) { $0.value < $1.value }
            }
            let owner = fold.indicatorOwners[FoldState.ownerKey(scope: planTarget.scope, metric: target.metric)]
            let distinct = Set(sources.map(\.value))
            var latest: Double?
            if let owner {
                latest = sources.first { FormatRule.same($0.department, owner) }?.value
            } else if distinct.count == 1 {
                latest = sources.max { $0.seq < $1.seq }?.value
            }
            let judgement = latest.map { TargetJudgement.judge(latest: $0, target: target, aboutTolerance: options.aboutTolerance) }
            return PlanTargetState(
                scope: planTarget.scope, target: target, latest: latest, achievement: judgement?.ratio, judgement: judgement,
                owner: owner, sources: sources, conflicting: owner == nil && distinct.count > 1)
        }
    }
}

extension Int64 {
    /// Division rounding towards negative infinity, so a day count never rounds up an instant earlier.
    func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}

extension ProjectedState {
    /// The local calendar day (in the ledger's UTC offset) of ``asOf``: what "today" is for deadlines.
    public var asOfDay: CalendarDay { LocalClock(offsetSeconds: utcOffsetSeconds).day(of: asOf) }

    /// The state as a JSON value (the fields of this type, dates and times in their canonical spelling).
    public var json: JSONValue {
        do {
            return try JSONValueEncoder().encode(self)
        } catch {
            preconditionFailure("projected state has no JSON form: \(error)")
        }
    }

    /// The RFC 8785 canonical bytes of ``json``: byte-identical for identical records.
    public var canonicalBytes: [UInt8] { json.canonicalBytes }
}
