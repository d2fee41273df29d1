import LedgerCore
import LedgerProjector

/// Lays out a 月通报 (docs/JUDGEMENT.md, rule B): what changed between two dates, in the order an office
/// circulates it: 总体情况, 主要指标完成情况, 亮灯清单, 存在问题, 下步督办要求.
///
/// The content is worked out once as headed paragraphs and lists; text and Markdown only lay them out,
/// and JSON gives the same facts as data.
struct BulletinWriter {
    /// One part of the bulletin: a heading and its paragraphs (a paragraph may be a list item).
    struct Part {
        var heading: String
        var paragraphs: [String]
    }

    let content: ReportContent
    let changes: PeriodChanges
    let from: CalendarDay
    let to: CalendarDay

    private var zh: Bool { content.language == .zh }
    private func label(_ label: ReportLabel) -> String { content.label(label) }
    private var after: ProjectedState { changes.after }

    /// `2023年6月30日` in Chinese, `2023-06-30` in English.
    func date(_ day: CalendarDay) -> String {
        guard zh else { return "\(day)" }
        let (y, m, d) = day.components
        return "\(y)年\(m)月\(d)日"
    }

    /// `1.4 大力发展夜间经济`.
    private func name(_ task: TaskState) -> String { "\(task.id) \(task.title)" }

    /// The units answerable for a task: its 牵头, else every 负责 unit.
    private func answerable(_ task: TaskState) -> [String] { task.lead.isEmpty ? task.co : task.lead }

    /// What a 督查发现 is on: `1.4 大力发展夜间经济` or a unit's name.
    private func subject(_ f: InspectionFinding) -> String {
        if let id = f.task { return after.tasks.first { $0.id == id }.map(name) ?? id }
        return f.department.map(content.name) ?? ""
    }

    /// `1.4 大力发展夜间经济：台账不全（一般，整改时限2023年7月31日）`.
    private func finding(_ f: InspectionFinding, deadline: Bool) -> String {
        let severity = zh ? f.severity.label : f.severity.rawValue
        let detail = deadline ? (zh ? "\(severity)，整改时限\(date(f.deadline))" : "\(severity), rectify by \(date(f.deadline))") : severity
        return subject(f) + content.colon + f.text + (zh ? "（\(detail)）" : " (\(detail))")
    }

    /// Open 督查发现 past their 整改 deadline at the end of the period.
    private var findingsOverdue: [InspectionFinding] {
        changes.findingsOpen.filter { $0.deadline < after.asOfDay }
    }

    private func list(_ items: [String]) -> String { items.joined(separator: zh ? "；" : "; ") }

    // MARK: Parts

    var parts: [Part] { [summary, indicators, lights, problems, requirements] }

    private var summary: Part {
        let tasks = after.tasks
        let closed = tasks.count { $0.status.isDone }
        let red = tasks.count { $0.light == .red }, yellow = tasks.count { $0.light == .yellow }, green = tasks.count { $0.light == .green }
        var out: [String] = []
        if zh {
            out.append(
                "截至\(date(to))，\(tasks.count)项任务中已办结\(closed)项（本期办结\(changes.newlyClosed.count)项），"
                    + "红灯\(red)项（本期新增\(changes.newlyRed.count)项）、黄灯\(yellow)项、绿灯\(green)项。")
        } else {
            out.append(
                "As of \(date(to)), \(closed) of \(tasks.count) tasks are closed (\(changes.newlyClosed.count) this period); "
                    + "\(red) red (\(changes.newlyRed.count) new), \(yellow) yellow, \(green) green.")
        }
        out.append(label(.tally) + content.colon + content.tallyItems.map { "\($0.0)\(zh ? "" : " ")\($0.1)" }.joined(separator: zh ? "，" : ", "))
        if !changes.newlyClosed.isEmpty {
            out.append(label(.newlyClosed) + content.colon + list(changes.newlyClosed.map { name($0) + (zh ? "，" : ", ") + content.reason($0) }))
        }
        let extensions = changes.extensions.map { item -> String in
            let title = after.tasks.first { $0.id == item.task }.map(name) ?? item.task
            let moved = zh ? "\(item.delay.previousDeadline)延至\(item.delay.until)" : "\(item.delay.previousDeadline) → \(item.delay.until)"
            return zh ? "\(title)（\(content.name(item.delay.department))，\(moved)）" : "\(title) (\(content.name(item.delay.department)), \(moved))"
        }
        out.append(label(.extensionsGranted) + content.colon + (extensions.isEmpty ? label(.none) : list(extensions)))
        if after.inspections.isEmpty {
            out.append(label(.findingsOpened) + (zh ? "、" : ", ") + label(.findingsClosed) + content.colon + label(.noFindingsYet))
        } else {
            let opened = changes.findingsOpened, closed = changes.findingsClosed
            out.append(
                content.counted(label(.findingsOpened), opened.count) + content.colon
                    + (opened.isEmpty ? label(.none) : list(opened.map { finding($0, deadline: true) })))
            out.append(
                content.counted(label(.findingsClosed), closed.count) + content.colon
                    + (closed.isEmpty ? label(.none) : list(closed.map { finding($0, deadline: false) })))
        }
        let moves = changes.rankMoves.prefix(10).map { m -> String in
            let before = m.before.map { zh ? "第\($0)名" : "#\($0)" } ?? "—"
            let now = m.after.map { zh ? "第\($0)名" : "#\($0)" } ?? "—"
            return "\(content.name(m.department)) \(before)→\(now)"
        }
        out.append(label(.rankMoves) + content.colon + (moves.isEmpty ? label(.none) : list(moves)))
        return Part(heading: label(.bulletinSummary), paragraphs: out)
    }

    private var indicators: Part {
        guard !after.plan.isEmpty else { return Part(heading: label(.mainIndicators), paragraphs: [label(.none)]) }
        let paragraphs = after.plan.enumerated().map { index, item -> String in
            var line = item.target.metric + content.colon + content.indicatorResult(item) + (zh ? "，目标" : ", target ") + content.bound(item.target)
            line += zh ? "（\(content.indicatorJudged(item))）" : " (\(content.indicatorJudged(item)))"
            if index < changes.before.plan.count, changes.before.plan[index].target == item.target, let was = changes.before.plan[index].latest,
                was != item.latest
            {
                line += (zh ? "；上期" : "; previously ") + content.value(was, unit: item.target.unit)
            }
            return line
        }
        return Part(heading: label(.mainIndicators), paragraphs: paragraphs)
    }

    private var lights: Part {
        let newRed = Set(changes.newlyRed.map(\.id))
        func line(_ task: TaskState) -> String {
            let mark = newRed.contains(task.id) ? (zh ? "【\(label(.newMark))】" : " [\(label(.newMark))]") : ""
            let who = content.units(task, separator: zh ? "，" : "; ")
            return name(task) + (zh ? "（\(who)）" : " (\(who))") + content.colon + content.reason(task) + mark
        }
        let red = content.orderedTasks.filter { $0.light == .red }
        let yellow = content.orderedTasks.filter { $0.light == .yellow }
        var out = [content.counted(label(.redList), red.count)] + red.map(line)
        out += [content.counted(label(.yellowList), yellow.count)] + yellow.map(line)
        return Part(heading: label(.lightList), paragraphs: out)
    }

    private var problems: Part {
        var out: [String] = []
        let tasks = content.orderedTasks
        func add(_ title: String, _ items: [TaskState]) {
            guard !items.isEmpty else { return }
            out.append(content.counted(title, items.count) + content.colon + list(items.map(name)))
        }
        add(label(.tallyOverdue), tasks.filter { $0.lightReasonCode.kind == .overdue })
        add(label(.tallySeriouslyBehind), tasks.filter { $0.lightReasonCode.kind == .seriouslyBehind })
        add(label(.tallySilent), tasks.filter { $0.lightReasonCode.kind == .silent })
        add(label(.tallyClosedUnmet), tasks.filter(\.closedTargetsUnmet))
        let silent = after.departments.filter(\.silent).map(\.code)
        if !silent.isEmpty {
            out.append(content.counted(label(.silentDepartments), silent.count) + content.colon + content.names(silent))
        }
        let overdueFindings = findingsOverdue
        if !overdueFindings.isEmpty {
            out.append(
                content.counted(zh ? "督查发现逾期未整改" : "Findings past their rectification deadline", overdueFindings.count) + content.colon
                    + list(overdueFindings.map { finding($0, deadline: true) }))
        }
        if !changes.ruleBreaks.isEmpty {
            out.append(content.counted(label(.findings), changes.ruleBreaks.count) + content.colon + label(.findingsPointer))
        }
        return Part(heading: label(.problems), paragraphs: out.isEmpty ? [label(.none)] : out)
    }

    private var requirements: Part {
        let tasks = content.orderedTasks
        var out: [String] = []
        let red = tasks.filter { $0.light == .red && !$0.status.isDone }
        if !red.isEmpty {
            let units = content.names(Self.unique(red.flatMap(answerable)))
            out.append(
                zh
                    ? "对红灯任务，请\(units)于下次调度前报送推进措施和完成时限，逾期未完成的说明原因。"
                    : "For red tasks, \(units) report their measures and a completion date before the next progress meeting.")
        }
        let unmet = tasks.filter(\.closedTargetsUnmet)
        if !unmet.isEmpty {
            let units = content.names(Self.unique(unmet.flatMap(answerable)))
            out.append(
                zh ? "对办结但指标未达标的任务，请\(units)说明未达标原因及补救措施。" : "For tasks closed with targets unmet, \(units) explain why and what they will do.")
        }
        let findingUnits = Self.unique(
            changes.findingsOpen.flatMap { f -> [String] in
                if let code = f.department { return [code] }
                return after.tasks.first { $0.id == f.task }.map(answerable) ?? []
            })
        if !findingUnits.isEmpty {
            out.append(
                zh
                    ? "对未销号的督查发现，请\(content.names(findingUnits))抓紧整改并报送佐证材料，逾期未整改的说明原因。"
                    : "For open inspector findings, \(content.names(findingUnits)) rectify and submit evidence, and explain any past their deadline.")
        }
        let silent = after.departments.filter(\.silent).map(\.code)
        if !silent.isEmpty {
            out.append(
                zh
                    ? "请\(content.names(silent))按月报送进展，连续未报送的予以通报。"
                    : "\(content.names(silent)) report monthly; continued silence will be named in the bulletin.")
        }
        let due = tasks.filter { [.dueSoon, .dueSoonAndBehind, .behindSchedule].contains($0.lightReasonCode.kind) }
        if !due.isEmpty {
            out.append(
                zh
                    ? "对临期和滞后任务，请\(content.names(Self.unique(due.flatMap(answerable))))倒排工期，确保按期办结。"
                    : "For tasks due soon or behind, \(content.names(Self.unique(due.flatMap(answerable)))) plan back from the deadline.")
        }
        if out.isEmpty { out.append(zh ? "请各单位按月报送进展，确保按期办结。" : "Every unit keeps reporting monthly.") }
        return Part(heading: label(.requirements), paragraphs: out.enumerated().map { "\($0.offset + 1). \($0.element)" })
    }

    private static func unique(_ codes: [String]) -> [String] {
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }
    }

    // MARK: Formats

    private var title: String { after.title.isEmpty ? after.ledgerID : after.title }

    private var periodLine: String {
        label(.period) + content.colon + (zh ? "\(date(from))至\(date(to))" : "\(date(from)) to \(date(to))")
    }

    func text() -> String {
        var out = "\(title)\n\(label(.bulletinTitle))\n\(periodLine)\n"
        out += source + "\n"
        for part in parts {
            out += "\n\(part.heading)\n"
            for paragraph in part.paragraphs { out += "  \(paragraph)\n" }
        }
        return out
    }

    /// Which ledger and records the bulletin was made from: `台账：…，覆盖记录：542，链头哈希：0cff5279315a`.
    private var source: String {
        let separator = zh ? "，" : ", "
        return [
            label(.ledger) + content.colon + after.ledgerID, label(.recordsCovered) + content.colon + "\(after.recordCount)",
            label(.headHash) + content.colon + content.shortHead,
        ].joined(separator: separator)
    }

    /// One self-contained HTML page, each part a panel.
    func html() -> String {
        let page = HTMLPage(content)
        var body = "<p class=\"rule\">\(page.e(periodLine))</p>\n"
        for part in parts {
            body += page.panel(part.heading, "<ul>" + part.paragraphs.map { "<li>\(page.e($0))</li>" }.joined() + "</ul>\n")
        }
        return page.document(subtitle: label(.bulletinTitle), audit: false, body: body)
    }

    /// One row per paragraph: the part it belongs to, then the text.
    func csv() -> String {
        var rows = [[label(.section), label(.reason)]]
        for part in parts { rows += part.paragraphs.map { [part.heading, $0] } }
        return CSVReportWriter.document(rows)
    }

    func markdown() -> String {
        var out = "# \(title)\n\n**\(label(.bulletinTitle))**\n\n\(periodLine)\n"
        for part in parts {
            out += "\n## \(part.heading)\n\n"
            for paragraph in part.paragraphs { out += "- \(paragraph)\n" }
        }
        return out
    }

    func json() -> String {
        func ids(_ tasks: [TaskState]) -> JSONValue { .array(tasks.map { .string($0.id) }) }
        let value: JSONValue = [
            "view": "bulletin",
            "ledger": ["id": .string(after.ledgerID), "recordCount": JSONValue(integer: after.recordCount), "head": .string(after.head)],
            "from": .string("\(from)"), "to": .string("\(to)"),
            "newlyClosed": ids(changes.newlyClosed), "newlyRed": ids(changes.newlyRed),
            "extensions": .array(
                changes.extensions.map { ["task": .string($0.task), "seq": JSONValue(integer: $0.delay.seq), "until": .string("\($0.delay.until)")] }),
            "findingsOpened": .array(changes.findingsOpened.map { .string($0.id) }),
            "findingsClosed": .array(changes.findingsClosed.map { .string($0.id) }),
            "findingsOpen": .array(changes.findingsOpen.map { .string($0.id) }),
            "ruleBreaks": JSONValue(integer: changes.ruleBreaks.count),
            "rankMoves": .array(
                changes.rankMoves.map { m in
                    [
                        "department": .string(m.department), "before": m.before.map(JSONValue.init(integer:)) ?? .null,
                        "after": m.after.map(JSONValue.init(integer:)) ?? .null,
                    ]
                }),
            "red": ids(after.tasks.filter { $0.light == .red }), "yellow": ids(after.tasks.filter { $0.light == .yellow }),
        ]
        return value.canonicalString
    }
}
