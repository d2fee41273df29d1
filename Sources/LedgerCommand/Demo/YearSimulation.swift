import LedgerCore
import LedgerCrypto

/// A deterministic year of department reports on a plan, and the office's and an inspector's acts on
/// them, for `ledger demo`.
///
/// The same plan and seed always give the same events (times, values, reasons): each task draws a
/// profile (on time, delayed, late, left overdue), and one department goes silent in spring. The 督办
/// workflow of format version 2 runs through it: units apply for 销号 and the office closes (办结) or
/// returns (退回) the application; units ask for 延期 and the office approves or (once) refuses; the
/// office designates the applicant of tasks without a 牵头 unit and the 责任单位 of each plan indicator
/// that a task's unit reports besides 发改局; an inspector opens 督查发现, a unit answers with 整改, and
/// the inspector keeps one open once before closing it.
struct YearSimulation {
    /// One simulated statement: who makes it, when the ledger accepts it, what it says.
    struct Step {
        var accepted: Timestamp
        var department: String
        var event: Event
        /// A fixed statement id, for a finding that later statements name; nil for a fresh random one.
        var id: String? = nil
    }

    enum Profile: CaseIterable {
        case onTime, delayedThenDone, delayedStill, late, overdue
    }

    let plan: PlanFile
    let seed: UInt64
    /// The department that stops reporting after April.
    let silentDepartment: String
    /// The office's code (it decides applications and extensions) and the inspector's.
    let office: String
    let inspector: String

    init(plan: PlanFile, seed: UInt64, silentDepartment: String = "JRB", office: String = "ZBBGS", inspector: String = "JW") {
        self.plan = plan
        self.seed = seed
        self.silentDepartment = silentDepartment
        self.office = office
        self.inspector = inspector
    }

    static let returnReasons = ["佐证材料不全，请补充验收报告后重新申请销号", "指标完成情况与统计部门数据不一致，请核实后重新申请"]

    static let delayReasons = [
        "用地报批手续未完成，需待省厅批复", "项目资金未及时到位", "受汛期影响施工暂停", "上级审批流程调整，前期手续延后",
        "招商对接周期延长，签约推迟", "设备采购延期，供货商交付推迟", "征地拆迁协调难度大",
    ]

    /// Every step, in acceptance order, from 2023-01 to 2024-03.
    func steps() -> [Step] {
        var rng = SplitMix64(seed: seed)
        var steps: [Step] = []
        let silenceStarts = Timestamp("2023-05-01T00:00:00Z")!
        // 发改局 reports the county's quarterly figures with the first task it leads, which runs into 2024.
        let economyTask = plan.tasks.first(where: { $0.lead.contains("FGJ") })?.id
        var extensionRequests = 0, applications = 0
        steps += indicatorOwners()
        for task in plan.tasks {
            let responsible = task.lead + task.co
            guard let reporter = responsible.first else { continue }
            // A task without a 牵头 unit: the office designates the first responsible unit to apply for 销号.
            if task.lead.isEmpty {
                steps.append(
                    Step(accepted: Timestamp("2023-01-10T02:00:00Z")!, department: office, event: .leadDesignated(task: task.id, department: reporter)))
            }
            let quarterly = task.id == economyTask
            let profile = quarterly ? .late : Self.pick(&rng)
            let deadline = CalendarDay(task.deadline)!
            let factor = 0.75 + Double(rng.next() % 50) / 100  // how well targets go: 75%…124%
            let finishMonth = 8 + Int(rng.next() % 4)  // Aug…Nov for on-time tasks
            let delayMonth = 6 + Int(rng.next() % 4)  // Jun…Sep
            var percent = 0.0
            var delayed: CalendarDay?
            var completed = false
            // Monthly reports, Feb 2023 … Mar 2024 (months 2…15).
            for month in 2...15 {
                let year = month > 12 ? 2024 : 2023
                let m = month > 12 ? month - 12 : month
                let day = 5 + Int(rng.next() % 20)
                let time = Timestamp(
                    secondsSinceEpoch: Int64(CalendarDay(year: year, month: m, day: day)!.daysSinceEpoch) * 86_400 + Int64(1 + rng.next() % 9) * 3600
                        + Int64(rng.next() % 3600))
                if completed { break }
                // Each quarter, the co-responsible departments report what they contributed.
                if [3, 6, 9, 12, 15].contains(month), percent > 0 {
                    for co in task.co where co != reporter && !(co == silentDepartment && time >= silenceStarts) {
                        let when = time.adding(seconds: -600 - Int64(rng.next() % 3000))  // before the lead's report, which may complete the task
                        steps.append(
                            Step(accepted: when, department: co, event: .progress(task: task.id, percent: percent, metrics: [], note: "配合推进，本季度工作已落实")))
                    }
                }
                // Most months the lead reports; sometimes a co-responsible department does.
                let quarterEnd = quarterly && [4, 7, 10, 13].contains(month)
                var who = reporter
                if responsible.count > 1, !quarterEnd, rng.next() % 4 == 0 { who = responsible[1 + Int(rng.next() % UInt64(responsible.count - 1))] }
                if who == silentDepartment, time >= silenceStarts { continue }
                if !quarterEnd, rng.next() % 5 == 0 { continue }  // a skipped month
                let planned: Double
                switch profile {
                case .onTime: planned = min(100, Double(month - 1) / Double(finishMonth - 1) * 100)
                case .late: planned = min(100, Double(month - 1) / 13.0 * 100)
                case .overdue: planned = min(70, Double(month - 1) / 11.0 * 70)
                case .delayedThenDone, .delayedStill: planned = month < delayMonth ? Double(month - 1) / 11.0 * 80 : min(100, Double(month - 1) / 14.0 * 100)
                }
                if (profile == .delayedThenDone || profile == .delayedStill), delayed == nil, month >= delayMonth {
                    let until = CalendarDay(year: 2024, month: profile == .delayedThenDone ? 3 : 2, day: profile == .delayedThenDone ? 31 : 29)!
                    delayed = until
                    steps.append(
                        Step(
                            accepted: time, department: who,
                            event: .extensionRequested(
                                task: task.id, reason: Self.delayReasons[Int(rng.next() % UInt64(Self.delayReasons.count))],
                                until: until > deadline ? until : deadline.adding(days: 90))))
                    // The office decides within a week; the second request it sees, it refuses.
                    extensionRequests += 1
                    let decided = time.adding(seconds: Int64(3 + rng.next() % 5) * 86_400)
                    steps.append(
                        Step(
                            accepted: decided, department: office,
                            event: extensionRequests == 2
                                ? .extensionRefused(task: task.id, reason: "延期理由不充分，请按原定时限加快推进")
                                : .extensionApproved(task: task.id, note: "经专班研究，同意延期")))
                    continue
                }
                let next = (planned / 5).rounded() * 5
                if next >= 100 && profile != .overdue && profile != .delayedStill {
                    // 申请销号 by the applicant unit; the office closes it, or returns every third
                    // application once, and closes the one that follows.
                    let applicant = task.lead.first ?? reporter
                    let evidence = Evidence(
                        name: "\(task.id)-验收材料.pdf", digest: Hex.encode(Suite.ed25519sha256.hash(Array("evidence \(task.id) \(seed)".utf8))))
                    steps.append(
                        Step(accepted: time, department: applicant, event: .closeRequested(task: task.id, evidence: [evidence], note: "已按要求完成，申请销号")))
                    applications += 1
                    var reviewed = time.adding(seconds: Int64(2 + rng.next() % 5) * 86_400)
                    if applications % 3 == 2 {
                        steps.append(
                            Step(
                                accepted: reviewed, department: office,
                                event: .closeReturned(task: task.id, reason: Self.returnReasons[applications % Self.returnReasons.count])))
                        let again = reviewed.adding(seconds: Int64(5 + rng.next() % 10) * 86_400)
                        let more = Evidence(
                            name: "\(task.id)-补充材料.pdf", digest: Hex.encode(Suite.ed25519sha256.hash(Array("more evidence \(task.id) \(seed)".utf8))))
                        steps.append(
                            Step(
                                accepted: again, department: applicant,
                                event: .closeRequested(task: task.id, evidence: [evidence, more], note: "已补充材料，重新申请销号")))
                        reviewed = again.adding(seconds: Int64(2 + rng.next() % 5) * 86_400)
                    }
                    steps.append(Step(accepted: reviewed, department: office, event: .closeApproved(task: task.id, note: "材料齐全，经审核同意销号")))
                    completed = true
                    continue
                }
                percent = max(percent, min(next, 95))
                var metrics = task.targets.compactMap { t -> MetricValue? in
                    guard let comparator = Comparator(rawValue: t.comparator) else { return nil }
                    let share = percent / 100 * factor
                    let value = comparator == .atMost ? (t.value * (2 - share)).rounded() : Self.round(t.value * share, like: t.value, unit: t.unit)
                    return MetricValue(metric: t.metric, value: value, unit: t.unit)
                }
                if quarterEnd { metrics += headlineMetrics(month: month, &rng) }
                steps.append(
                    Step(
                        accepted: time, department: who,
                        event: .progress(
                            task: task.id, percent: percent, metrics: metrics,
                            note: quarterEnd ? "含季度经济运行数据" : percent >= 50 ? "按计划推进" : nil)))
            }
        }
        steps += findings(&rng)
        return steps.enumerated().sorted { ($0.element.accepted, $0.offset) < ($1.element.accepted, $1.offset) }.map(\.element)
    }

    /// The office designates, for each headline or section indicator that a task's target also names
    /// (so its task's unit reports it as well as 发改局 with the quarterly figures), the task's first
    /// 牵头 (or 负责) unit as its 责任单位: the competent unit's figure is the indicator's value.
    private func indicatorOwners() -> [Step] {
        let scoped = plan.headlineTargets.map { ("headline", $0) } + plan.sections.flatMap { s in s.targets.map { (s.id, $0) } }
        return scoped.compactMap { scope, target in
            guard
                let task = plan.tasks.first(where: { task in
                    task.targets.contains { FormatRule.same($0.metric, target.metric) && FormatRule.same($0.unit, target.unit) }
                }), let owner = (task.lead + task.co).first
            else { return nil }
            return Step(
                accepted: Timestamp("2023-01-10T02:00:00Z")!, department: office,
                event: .indicatorOwnerDesignated(scope: scope, metric: target.metric, department: owner))
        }
    }

    /// 督查发现: one on the first task left overdue (rectified, kept open once, rectified again and
    /// closed), and one on the silent department (open at the end of the year).
    private func findings(_ rng: inout SplitMix64) -> [Step] {
        var steps: [Step] = []
        func id(_ rng: inout SplitMix64) -> String {
            String(rng.next(), radix: 16).leftPadded(to: 16) + String(rng.next(), radix: 16).leftPadded(to: 16)
        }
        if let task = plan.tasks.first(where: { !($0.lead + $0.co).isEmpty && $0.id != plan.tasks.first?.id }) {
            let unit = task.lead.first ?? task.co[0]
            let finding = id(&rng)
            let opened = Timestamp("2023-07-12T02:00:00Z")!
            steps.append(
                Step(
                    accepted: opened, department: inspector,
                    event: .findingOpened(
                        subject: .task(task.id), text: "现场督查发现项目推进台账与实际进度不符，部分佐证材料缺失", severity: .serious,
                        deadline: CalendarDay("2023-08-31")!), id: finding))
            let evidence = Evidence(name: "整改报告.pdf", digest: Hex.encode(Suite.ed25519sha256.hash(Array("rectification \(task.id) \(seed)".utf8))))
            steps.append(
                Step(
                    accepted: Timestamp("2023-08-02T03:00:00Z")!, department: unit,
                    event: .findingRectified(finding: finding, evidence: [evidence], note: "已重新核对台账，补充佐证材料")))
            steps.append(
                Step(
                    accepted: Timestamp("2023-08-10T02:00:00Z")!, department: inspector,
                    event: .findingKeptOpen(finding: finding, reason: "佐证材料仍不完整，请于月底前补齐")))
            steps.append(
                Step(
                    accepted: Timestamp("2023-08-28T03:00:00Z")!, department: unit,
                    event: .findingRectified(finding: finding, evidence: [evidence], note: "已补齐全部佐证材料")))
            steps.append(
                Step(accepted: Timestamp("2023-09-05T02:00:00Z")!, department: inspector, event: .findingClosed(finding: finding, note: "整改到位，予以销号")))
        }
        steps.append(
            Step(
                accepted: Timestamp("2023-09-20T02:00:00Z")!, department: inspector,
                event: .findingOpened(
                    subject: .department(silentDepartment), text: "连续四个月未按时报送工作进展", severity: .general, deadline: CalendarDay("2023-10-31")!),
                id: id(&rng)))
        return steps
    }

    /// Quarterly figures for the headline and section targets, as 发改局 reports them with its own task.
    private func headlineMetrics(month: Int, _ rng: inout SplitMix64) -> [MetricValue] {
        let share = Double(month - 1) / 12
        return (plan.headlineTargets + plan.sections.flatMap(\.targets)).map { t in
            let growth = t.unit == "%" || t.unit == "百分点"
            let wobble = 0.9 + Double(rng.next() % 25) / 100
            return MetricValue(
                metric: t.metric, value: Self.round(growth ? t.value * wobble : t.value * share * wobble, like: t.value, unit: t.unit), unit: t.unit)
        }
    }

    private static func pick(_ rng: inout SplitMix64) -> Profile {
        switch rng.next() % 20 {
        case 0..<10: .onTime
        case 10..<13: .delayedThenDone
        case 13..<14: .delayedStill
        case 14..<16: .late
        default: .overdue
        }
    }

    /// Units that count things: reported values in them are whole numbers.
    static let countUnits: Set<String> = ["家", "个", "项", "宗", "期", "名", "亩", "万亩"]

    /// Rounds counts and large figures to whole numbers, everything else to two decimals.
    static func round(_ value: Double, like target: Double, unit: String = "") -> Double {
        countUnits.contains(unit) || (target.rounded() == target && target >= 10) ? value.rounded() : (value * 100).rounded() / 100
    }
}

extension String {
    /// The string with leading zeros up to `length` characters.
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
