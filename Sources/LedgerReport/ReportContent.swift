import LedgerCore
import LedgerProjector

/// What every format of a report shows, worked out once from the state: the grouping, the counts
/// and the wording. The audit lists come from the projector (``AuditTable``); the writers only lay
/// things out.
struct ReportContent {
    /// One plan section and its tasks, in task-number order.
    struct Section {
        var id: String?
        var title: String
        var tasks: [TaskState]
    }

    let state: ProjectedState
    let language: ReportLanguage
    let color: Bool
    private let names: [String: String]

    init(state: ProjectedState, language: ReportLanguage, departmentNames: [String: String], color: Bool) {
        self.state = state
        self.language = language
        self.color = color
        var names: [String: String] = [:]
        for department in state.departments where !department.name.isEmpty {
            names[department.code] = department.name
        }
        names.merge(departmentNames) { _, given in given }
        self.names = names
    }

    // MARK: Words

    func label(_ label: ReportLabel) -> String { label.text(language) }

    /// A department's display name, or its code when no name is known.
    func name(_ code: String) -> String { names[code] ?? code }

    /// Department names joined the way the language lists them.
    func names(_ codes: [String]) -> String {
        codes.map(name).joined(separator: language == .zh ? "、" : ", ")
    }

    /// `：` or `: `.
    var colon: String { language == .zh ? "：" : ": " }

    /// Lead and co-responsible departments on one line each: `牵头：发改局` / `负责：住建局、交通局`.
    func units(_ task: TaskState, separator: String = "\n") -> String {
        var lines: [String] = []
        if !task.lead.isEmpty { lines.append(label(.leadShort) + colon + names(task.lead)) }
        if !task.co.isEmpty { lines.append(label(.coShort) + colon + names(task.co)) }
        return lines.joined(separator: separator)
    }

    /// The heading of a plan section: the title the plan gives it, else its number.
    func sectionTitle(_ id: String?) -> String {
        guard let id else { return label(.otherSection) }
        if let title = state.sectionTitle(id) { return title }
        return language == .zh ? "第\(id)部分" : "Section \(id)"
    }

    /// The title the plan gives a section, if any: data for machine-readable output.
    func givenSectionTitle(_ id: String?) -> String? { id.flatMap(state.sectionTitle) }

    /// A plan target's scope in words: the headline, or its section.
    func scopeTitle(_ scope: String) -> String {
        scope == "headline" ? label(.headline) : sectionTitle(scope)
    }

    // MARK: Light reasons

    /// Why a task has its light, in the report's language, on one line: `逾期21天（应于2024-02-29完成）`,
    /// `21 days overdue (due 2024-02-29)`.
    func reason(_ task: TaskState) -> String {
        reasonParts(task.lightReasonCode).joined(separator: language == .zh ? "" : " ")
    }

    /// The one-line reason broken at its joints into lines of at most `width` columns where the
    /// pieces allow, for a narrow table column: `逾期完成` / `（2024-02-10完成，` / `截止2023-12-31）`.
    func reasonLines(_ task: TaskState, width: Int) -> [String] {
        let separator = language == .zh ? "" : " "
        var lines: [String] = []
        for part in reasonParts(task.lightReasonCode) {
            if let last = lines.last, DisplayWidth.of(last + separator + part) <= width {
                lines[lines.count - 1] = last + separator + part
            } else {
                lines.append(part)
            }
        }
        return lines
    }

    /// The reason in the pieces a line may break between; joined directly in Chinese and with spaces
    /// in English they give ``reason(_:)``.
    func reasonParts(_ reason: LightReason) -> [String] {
        switch language {
        case .zh:
            switch reason {
            case let .overdue(deadline, daysLate): ["逾期\(daysLate)天", "（应于\(deadline)完成）"]
            case let .dueSoon(_, daysLeft): [dueSoonZh(daysLeft)]
            case let .behindSchedule(percent, expected): behindZh(percent, expected)
            case let .dueSoonAndBehind(_, daysLeft, percent, expected): [dueSoonZh(daysLeft) + "；"] + behindZh(percent, expected)
            case let .completedLate(completed, deadline): ["逾期完成", "（\(completed)完成，", "截止\(deadline)）"]
            case let .completedAfterDelay(completed, originalDeadline, deadline):
                ["延期后完成", "（\(completed)，", "截止由\(originalDeadline)", "延至\(deadline)）"]
            case let .completedOnTime(completed, _): ["按期完成", "（\(completed)）"]
            case let .onTrack(percent, expected): ["正常推进", "（进度\(self.percent(percent))，计划\(self.percent(expected))）"]
            }
        case .en:
            switch reason {
            case let .overdue(deadline, daysLate): ["\(daysEn(daysLate)) overdue", "(due \(deadline))"]
            case let .dueSoon(_, daysLeft): [dueSoonEn(daysLeft)]
            case let .behindSchedule(percent, expected): behindEn(percent, expected)
            case let .dueSoonAndBehind(_, daysLeft, percent, expected): [dueSoonEn(daysLeft) + ";"] + behindEn(percent, expected)
            case let .completedLate(completed, deadline): ["completed late", "(\(completed),", "due \(deadline))"]
            case let .completedAfterDelay(completed, originalDeadline, deadline):
                ["completed after delay", "(\(completed),", "deadline \(originalDeadline)", "→ \(deadline))"]
            case let .completedOnTime(completed, _): ["completed on time", "(\(completed))"]
            case let .onTrack(percent, expected): ["on track", "(\(self.percent(percent)) vs \(self.percent(expected)) planned)"]
            }
        }
    }

    private func dueSoonZh(_ daysLeft: Int) -> String { daysLeft == 0 ? "临期：今日到期" : "临期：还剩\(daysLeft)天" }

    private func behindZh(_ percent: Double, _ expected: Double) -> [String] {
        ["滞后：进度\(self.percent(percent))，", "按计划应达\(self.percent(expected))"]
    }

    private func daysEn(_ days: Int) -> String { days == 1 ? "1 day" : "\(days) days" }

    private func dueSoonEn(_ daysLeft: Int) -> String { daysLeft == 0 ? "due today" : "due in \(daysEn(daysLeft))" }

    private func behindEn(_ percent: Double, _ expected: Double) -> [String] {
        ["behind schedule:", "\(self.percent(percent)) vs \(self.percent(expected)) planned"]
    }

    // MARK: Numbers and times

    /// A number as people write it: at most two decimals, no trailing zeros, `—` when not finite.
    func number(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        return JSONValue.canonicalNumber((value * 100).rounded() / 100)
    }

    /// `40%`, `42.5%`.
    func percent(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        return JSONValue.canonicalNumber((value * 10).rounded() / 10) + "%"
    }

    /// An achievement ratio as a whole percentage: `0.575` → `58%`.
    func achievement(_ ratio: Double?) -> String {
        guard let ratio, ratio.isFinite else { return "—" }
        return JSONValue.canonicalNumber((ratio * 100).rounded()) + "%"
    }

    /// A time in the ledger's local offset: `2023-06-30 16:00`.
    func time(_ instant: Timestamp) -> String {
        let text = instant.adding(seconds: Int64(state.utcOffsetSeconds)).description
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }

    /// The offset times are shown in: `UTC+08:00`.
    var offsetName: String {
        let minutes = abs(state.utcOffsetSeconds) / 60
        let sign = state.utcOffsetSeconds < 0 ? "-" : "+"
        let hours = minutes / 60 < 10 ? "0\(minutes / 60)" : "\(minutes / 60)"
        let rest = minutes % 60 < 10 ? "0\(minutes % 60)" : "\(minutes % 60)"
        return "UTC\(sign)\(hours):\(rest)"
    }

    /// The head hash cut to its first 12 hex digits, as people quote it.
    var shortHead: String { String(state.head.prefix(12)) }

    /// A target as written in a plan: `新增限额以上企业 ≥40 家`.
    func target(_ target: Target) -> String {
        "\(target.metric) \(bound(target))"
    }

    /// Just the bound: `≥40 家`, `≥8%`.
    func bound(_ target: Target) -> String {
        let symbol =
            switch target.comparator {
            case .atLeast: "≥"
            case .moreThan: ">"
            case .about: "≈"
            case .equal: "="
            case .atMost: "≤"
            }
        return symbol + number(target.value) + unitSuffix(target.unit)
    }

    func unitSuffix(_ unit: String) -> String {
        unit.isEmpty || unit == "%" ? unit : " " + unit
    }

    /// A metric's latest value against its target: `新增限额以上企业：23 / ≥40 家（58%）`.
    func metric(_ metric: MetricState) -> String {
        let colon = language == .zh ? "：" : ": "
        let latest = metric.latest.map(number) ?? "—"
        guard let target = metric.target else {
            return metric.metric + colon + latest + unitSuffix(metric.unit)
        }
        let judged = metric.latest == nil ? label(.notReported) : achievement(metric.achievement)
        let note = language == .zh ? "（\(judged)）" : " (\(judged))"
        return metric.metric + colon + latest + " / " + bound(target) + note
    }

    /// A text progress bar: `████░░░░░░  40%`.
    func bar(_ percent: Double, cells: Int = 10) -> String {
        let clamped = percent.isFinite ? min(max(percent, 0), 100) : 0
        let filled = Int((clamped / 100 * Double(cells)).rounded())
        let label = self.percent(percent)
        return String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled)
            + String(repeating: " ", count: max(1, 6 - label.count)) + label
    }

    /// Deadline in force, with the original when a delay moved it: `2023-12-31 → 2024-03-31`.
    func deadline(_ task: TaskState) -> String {
        deadline(original: task.originalDeadline, inForce: task.deadline)
    }

    /// `inForce`, after `original` when a delay moved it.
    func deadline(original: CalendarDay, inForce: CalendarDay) -> String {
        original == inForce ? "\(inForce)" : "\(original) → \(inForce)"
    }

    /// Who last touched the task and when: `2023-06-30 16:00 商务粮食局`.
    func lastUpdate(_ task: TaskState) -> String {
        lastUpdate(at: task.lastUpdateAt, by: task.lastUpdateBy)
    }

    func lastUpdate(at instant: Timestamp, by code: String) -> String { "\(time(instant)) \(name(code))" }

    // MARK: Grouping and counts

    /// Tasks grouped by section, sections and tasks in ``NaturalOrder`` (`1.2` before `1.10`), unsectioned last.
    var sections: [Section] {
        var grouped: [String?: [TaskState]] = [:]
        for task in state.tasks { grouped[task.section, default: []].append(task) }
        let ids = grouped.keys.sorted { a, b in
            switch (a, b) {
            case (nil, _): false
            case (_, nil): true
            case let (a?, b?): NaturalOrder.precedes(a, b)
            }
        }
        return ids.map { id in
            Section(id: id, title: sectionTitle(id), tasks: grouped[id, default: []].sorted { NaturalOrder.precedes($0.id, $1.id) })
        }
    }

    /// Every task in section and number order.
    var orderedTasks: [TaskState] { sections.flatMap(\.tasks) }

    func count(_ light: Light) -> Int { state.tasks.count { $0.light == light } }

    func count(_ status: TaskStatus) -> Int { state.tasks.count { $0.status == status } }

    /// Tasks that count as done: closed by the office (办结), or completed in a version 1 record.
    var doneCount: Int { state.tasks.count { $0.status.isDone } }

    /// The status in words, with what the workflow adds: `推进中（退回1次；延期申请待审批）`.
    func statusText(_ task: TaskState) -> String {
        var notes: [String] = []
        let w = task.workflow
        if w.returned > 0 { notes.append(language == .zh ? "退回\(w.returned)次" : "returned \(w.returned)×") }
        if w.reopened > 0 { notes.append(language == .zh ? "重新打开\(w.reopened)次" : "reopened \(w.reopened)×") }
        if w.extensionRequest != nil { notes.append(language == .zh ? "延期申请待审批" : "extension requested") }
        if w.extensionsRefused > 0 { notes.append(language == .zh ? "延期申请未获批\(w.extensionsRefused)次" : "extension refused \(w.extensionsRefused)×") }
        let status = task.status.label(language)
        guard !notes.isEmpty else { return status }
        return language == .zh ? "\(status)（\(notes.joined(separator: "；"))）" : "\(status) (\(notes.joined(separator: "; ")))"
    }

    /// Departments by rank, ties by code.
    var rankedDepartments: [DepartmentState] {
        state.departments.sorted { ($0.rank, $0.code) < ($1.rank, $1.code) }
    }

    // MARK: Audit tables

    /// Every audit list as the projector defines it, in ``AuditTable/Kind`` order.
    var auditTables: [AuditTable] { AuditTable.Kind.allCases.map(state.auditTable) }

    /// A list's heading; the silent departments' heading names the threshold the state was judged by.
    func title(_ kind: AuditTable.Kind) -> String {
        guard kind == .silentDepartments else { return label(kind.label) }
        return "\(label(.silentDepartments))（\(label(.silenceThreshold)) \(state.options.silenceDays) \(label(.days))）"
    }

    /// A column's heading.
    func header(_ column: AuditTable.Column) -> String { label(column.label) }

    /// A value as people read it: department names, times in the ledger's offset, `—` for none.
    func text(_ value: AuditTable.Value) -> String {
        switch value {
        case .integer(let n): n.map { "\($0)" } ?? "—"
        case .text(let text): text ?? "—"
        case .department(let code): name(code)
        case .departments(let codes): names(codes)
        case .day(let day): "\(day)"
        case .deadline(let original, let inForce): deadline(original: original, inForce: inForce)
        case .time(let instant): instant.map(time) ?? label(.never)
        case .percent(let value): percent(value)
        case .update(_, let at, let by): lastUpdate(at: at, by: by)
        case .severity(let severity): language == .zh ? severity.label : severity.rawValue
        case .findingStatus(let status): status.label(language)
        }
    }
}
