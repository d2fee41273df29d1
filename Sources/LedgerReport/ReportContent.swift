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
    /// Where HTML links tasks and records; nil: no links.
    let links: ReportLinks?
    private let names: [String: String]

    init(state: ProjectedState, language: ReportLanguage, departmentNames: [String: String], color: Bool, links: ReportLinks? = nil) {
        self.state = state
        self.language = language
        self.color = color
        self.links = links
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
            case let .overdue(deadline, daysLate): ["逾期未完成\(daysLate)天", "（应于\(deadline)完成）"]
            case let .dueSoon(_, daysLeft): [dueSoonZh(daysLeft)]
            case let .behindSchedule(percent, expected): behindZh("滞后", percent, expected)
            case let .dueSoonAndBehind(_, daysLeft, percent, expected): [dueSoonZh(daysLeft) + "；"] + behindZh("滞后", percent, expected).prefix(2)
            case let .seriouslyBehind(percent, expected): behindZh("严重滞后", percent, expected)
            case let .silent(days, percent): ["\(days)天未报送", "（进度\(self.percent(percent))）"]
            case let .awaitingStatistics(deadline, until): ["待年终统计", "（截止\(deadline)，", "\(until)前", "据统计数据评定）"]
            case let .completedLate(completed, deadline): ["逾期办结", "（\(completed)完成，", "截止\(deadline)）"]
            case let .closedTargetsUnmet(completed, _, unmet): ["办结但指标未达标", "（\(completed)完成，", "\(unmet)项指标未达标）"]
            case let .completedAfterDelay(completed, originalDeadline, deadline):
                ["延期后办结", "（\(completed)完成，", "截止由\(originalDeadline)", "延至\(deadline)）"]
            case let .completedOnTime(completed, _): ["按期办结", "（\(completed)）"]
            case let .onTrack(percent, expected): ["正常推进", "（进度\(self.percent(percent))，", "序时进度\(self.percent(expected))）"]
            case let .findingsOpen(count): ["正常推进，", "\(count)项督查发现未整改"]
            }
        case .en:
            switch reason {
            case let .overdue(deadline, daysLate): ["\(daysEn(daysLate)) overdue", "(due \(deadline))"]
            case let .dueSoon(_, daysLeft): [dueSoonEn(daysLeft)]
            case let .behindSchedule(percent, expected): behindEn("behind schedule:", percent, expected)
            case let .dueSoonAndBehind(_, daysLeft, percent, expected): [dueSoonEn(daysLeft) + ";"] + behindEn("behind schedule:", percent, expected).prefix(2)
            case let .seriouslyBehind(percent, expected): behindEn("far behind schedule:", percent, expected)
            case let .silent(days, percent): ["no report for \(daysEn(days))", "(\(self.percent(percent)) done)"]
            case let .awaitingStatistics(deadline, until): ["awaiting year-end", "statistics", "(due \(deadline),", "judged by \(until))"]
            case let .completedLate(completed, deadline): ["closed late", "(\(completed),", "due \(deadline))"]
            case let .closedTargetsUnmet(completed, _, unmet): ["closed, targets unmet", "(\(completed),", "\(unmet) unmet)"]
            case let .completedAfterDelay(completed, originalDeadline, deadline):
                ["closed after extension", "(\(completed),", "deadline \(originalDeadline)", "→ \(deadline))"]
            case let .completedOnTime(completed, _): ["closed on time", "(\(completed))"]
            case let .onTrack(percent, expected): ["on track", "(\(self.percent(percent)) vs \(self.percent(expected)) scheduled)"]
            case let .findingsOpen(count): ["on track,", "\(count) finding\(count == 1 ? "" : "s") open"]
            }
        }
    }

    private func dueSoonZh(_ daysLeft: Int) -> String { daysLeft == 0 ? "临期：今日到期" : "临期：还剩\(daysLeft)天" }

    /// `滞后：低于序时进度25个百分点` / `（进度40%，序时进度65%）`.
    private func behindZh(_ word: String, _ percent: Double, _ expected: Double) -> [String] {
        ["\(word)：低于序时进度", "\(number(expected - percent))个百分点", "（进度\(self.percent(percent))，", "序时进度\(self.percent(expected))）"]
    }

    private func daysEn(_ days: Int) -> String { days == 1 ? "1 day" : "\(days) days" }

    private func dueSoonEn(_ daysLeft: Int) -> String { daysLeft == 0 ? "due today" : "due in \(daysEn(daysLeft))" }

    private func behindEn(_ word: String, _ percent: Double, _ expected: Double) -> [String] {
        [word, "\(number(expected - percent)) points behind", "(\(self.percent(percent)) vs \(self.percent(expected)))"]
    }

    // MARK: Numbers and times

    /// A number as people write it: at most two decimals, no trailing zeros, `—` when not finite.
    func number(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        return JSONValue.canonicalNumber((value * 100).rounded() / 100)
    }

    /// `40%`, `42.5%`; never `100%` for a value below 100 (99.96 is `99.9%`).
    func percent(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        return JSONValue.canonicalNumber(Self.roundedBelow(value, places: 1)) + "%"
    }

    /// An achievement ratio as a whole percentage: `0.575` → `58%`; never `100%` below 1.
    func achievement(_ ratio: Double?) -> String {
        guard let ratio, ratio.isFinite else { return "—" }
        return JSONValue.canonicalNumber(Self.roundedBelow(ratio * 100, places: 0)) + "%"
    }

    /// `value` rounded to `places` decimals, except that a value below 100 never rounds up to 100.
    static func roundedBelow(_ value: Double, places: Int) -> Double {
        let scale = places == 0 ? 1.0 : 10.0
        let rounded = (value * scale).rounded() / scale
        return value < 100 && rounded >= 100 ? (value * scale).rounded(.down) / scale : rounded
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

    /// A text progress bar: `████░░░░░░  40%`.
    func bar(_ percent: Double, cells: Int = 10) -> String {
        let clamped = percent.isFinite ? min(max(percent, 0), 100) : 0
        // Rounded, except that only 100 % fills the last cell: no bar is full below 100 %.
        let filled = min(Int((clamped / 100 * Double(cells)).rounded()), clamped < 100 ? cells - 1 : cells)
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

    /// The status counts a summary shows, in the order of the cycle: 已交办, 推进中, 已延期, 待销号审核,
    /// then 办结 counting a version 1 `completed` and the office's 销号 alike, so a version 2 ledger
    /// never reads "0 done" beside its closed tasks.
    var statusCounts: [(status: TaskStatus, count: Int)] {
        [TaskStatus.assigned, .inProgress, .delayed, .closeRequested].map { ($0, count($0)) } + [(.closed, doneCount)]
    }

    /// The status in words, with what the workflow adds: `推进中（退回1次；延期申请待审批）`.
    func statusText(_ task: TaskState) -> String {
        var notes: [String] = []
        let w = task.workflow
        if w.returned > 0 { notes.append(language == .zh ? "退回\(w.returned)次" : "returned \(w.returned)×") }
        if w.reopened > 0 { notes.append(language == .zh ? "重新打开\(w.reopened)次" : "reopened \(w.reopened)×") }
        if w.extensionRequest != nil { notes.append(language == .zh ? "延期申请待审批" : "extension requested") }
        if w.extensionsRefused > 0 { notes.append(language == .zh ? "延期申请未获批\(w.extensionsRefused)次" : "extension refused \(w.extensionsRefused)×") }
        if task.openFindings > 0 {
            notes.append(language == .zh ? "督查发现未销号\(task.openFindings)项" : "\(task.openFindings) finding\(task.openFindings == 1 ? "" : "s") open")
        }
        let status = task.status.label(language)
        guard !notes.isEmpty else { return status }
        return language == .zh ? "\(status)（\(notes.joined(separator: "；"))）" : "\(status) (\(notes.joined(separator: "; ")))"
    }

    /// Ranked units by place (tied ones by code), as the state orders them.
    var rankedDepartments: [DepartmentState] {
        state.departments.filter { $0.rank != nil }.sorted { ($0.rank ?? 0, $0.code) < ($1.rank ?? 0, $1.code) }
    }

    /// Vertical and state-owned units with a task, listed apart (by code).
    var stationedDepartments: [DepartmentState] {
        state.departments.filter { $0.rank == nil && $0.stationed && $0.hasTasks }.sorted { $0.code < $1.code }
    }

    /// Units without a task, not ranked (by code).
    var idleDepartments: [DepartmentState] { state.departments.filter { !$0.hasTasks }.sorted { $0.code < $1.code } }

    /// A place as shown: `3`, `3（并列）`, `—` for a unit not ranked.
    func rank(_ d: DepartmentState) -> String {
        guard let rank = d.rank else { return "—" }
        return d.tied ? (language == .zh ? "\(rank)（并列）" : "\(rank) (tied)") : "\(rank)"
    }

    /// A share 0…1 as a whole percentage, `—` when there is none.
    func share(_ value: Double?) -> String { value.map { achievement($0) } ?? "—" }

    /// The ranking rule in the report's language.
    var rankingRule: String { language == .zh ? state.rankingRule.zh : state.rankingRule.en }

    /// The separate counts as `label count` pairs, in the order a 督办 office lists them.
    var tallyItems: [(String, Int)] {
        let t = state.tally
        return [
            (label(.tallyOverdue), t.overdue), (label(.tallyLate), t.completedLate), (label(.tallyExtended), t.extended),
            (label(.tallyBehind), t.behind), (label(.tallySeriouslyBehind), t.seriouslyBehind), (label(.tallyDueSoon), t.dueSoon),
            (label(.tallySilent), t.silent), (label(.tallyAwaiting), t.awaitingStatistics), (label(.tallyClosedUnmet), t.closedTargetsUnmet),
        ]
    }

    /// A heading with a count: `逾期办结（3）`, `Closed late (3)`.
    func counted(_ text: String, _ count: Int) -> String { language == .zh ? "\(text)（\(count)）" : "\(text) (\(count))" }

    /// `（UTC+08:00）` or ` (UTC+08:00)` after a time.
    var offsetNote: String { language == .zh ? "（\(offsetName)）" : " (\(offsetName))" }

    // MARK: Audit tables

    /// Every audit list as the projector defines it, in ``AuditTable/Kind`` order.
    var auditTables: [AuditTable] { AuditTable.Kind.allCases.map(state.auditTable) }

    /// A list's heading; the silent departments' heading names the threshold the state was judged by.
    func title(_ kind: AuditTable.Kind) -> String {
        guard kind == .silentDepartments else { return label(kind.label) }
        return language == .zh
            ? "\(label(.silentDepartments))（\(label(.silenceThreshold))\(state.options.silenceDays)\(label(.days))）"
            : "\(label(.silentDepartments)) (\(label(.silenceThreshold)) \(state.options.silenceDays) \(label(.days)))"
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
        case .targets(let metrics): metrics.map(metric).joined(separator: language == .zh ? "；" : "; ")
        }
    }
}
