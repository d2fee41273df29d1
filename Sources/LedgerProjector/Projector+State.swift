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
        let tasks = fold.tasks.values
            .sorted { NaturalOrder.precedes($0.id, $1.id) }
            .map { $0.state(asOf: asOf, clock: clock, options: options) }
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

    /// Every department with a department key or a task, with its counts, score and rank.
    private func departments(tasks: [TaskState], asOf: Timestamp) -> [DepartmentState] {
        var listed: [String: DepartmentState] = [:]
        func entry(_ code: String) -> DepartmentState {
            if let known = listed[code] { return known }
            let fold = fold.departments[code] ?? DepartmentFold(code: code, name: code)
            let since = fold.lastReportAt ?? fold.enrolledAt
            let days = since.map { Int((asOf.secondsSinceEpoch - $0.secondsSinceEpoch).floorDivided(by: 86_400)) }
            return DepartmentState(
                code: code, name: fold.name, tasksLed: 0, tasksShared: 0, completedOnTime: 0, completedLate: 0,
                delayed: 0, overdue: 0, reports: fold.reports, lastReportAt: fold.lastReportAt,
                daysSinceLastReport: days, rank: 0, score: 0)
        }
        for (code, fold) in fold.departments where fold.hasDepartmentKey {
            listed[code] = entry(code)
        }
        for task in tasks {
            for code in task.lead + task.co {
                var d = entry(code)
                if task.lead.contains(code) { d.tasksLed += 1 } else { d.tasksShared += 1 }
                if task.status.isDone {
                    if task.completedLate { d.completedLate += 1 } else { d.completedOnTime += 1 }
                } else if task.light == .red {
                    d.overdue += 1
                }
                if !task.delays.isEmpty { d.delayed += 1 }
                listed[code] = d
            }
        }
        let scored = listed.values.map { d in
            var d = d
            d.silent = d.judgedSilent(under: options)
            d.score = Ranking.score(
                onTime: d.completedOnTime, late: d.completedLate, overdue: d.overdue,
                delayed: d.delayed, responsible: d.tasksLed + d.tasksShared)
            return d
        }
        return Ranking.rank(scored)
    }

    /// The plan's targets, headline first then by section (plan order within a scope), each with the
    /// latest value any task reported for the same metric and unit.
    private var plan: [PlanTargetState] {
        let ordered = fold.planTargets.enumerated().sorted { a, b in
            let (x, y) = (a.element.scope, b.element.scope)
            if x != y {
                if x == "headline" || y == "headline" { return x == "headline" }
                return NaturalOrder.precedes(x, y)
            }
            return a.offset < b.offset
        }
        return ordered.map { _, planTarget in
            let target = planTarget.target
            let latest = fold.latestMetrics[ReportedMetric.key(metric: target.metric, unit: target.unit)]?.value
            return PlanTargetState(
                scope: planTarget.scope, target: target, latest: latest,
                achievement: latest.flatMap { Achievement.ratio(latest: $0, target: target) })
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
