// Checks ledger/plan.json and ledger/departments.json against the seed text they were made from:
// shared/seeds/000_bee47bce3ca4c6d7.txt, in the workspace's shared/ folder beside the package. The checks
// that need it skip in a plain clone and fail on CI without it (see Workspace).
import Foundation
import LedgerTestSupport
import Testing

// MARK: - The data files

struct PlanTarget: Decodable {
    let metric: String
    let value: Double
    let unit: String
    let comparator: String
    let text: String
}

struct PlanSection: Decodable {
    let id: String
    let number: String
    let title: String
    let text: String
    let targets: [PlanTarget]
}

struct PlanTask: Decodable {
    let id: String
    let section: String
    let number: Int
    let title: String
    let text: String
    let lead: [String]
    let co: [String]
    let responsibilityNote: String?
    let responsibilityText: String?
    let deadline: String
    let deadlineBasis: String
    let targets: [PlanTarget]
    let notes: [String]?
}

struct Plan: Decodable {
    let id: String
    let title: String
    let county: String
    let year: Int
    let source: String
    let deadlinePolicy: String
    let targetPolicy: String
    let headlineTargets: [PlanTarget]
    let sections: [PlanSection]
    let tasks: [PlanTask]
}

struct Office: Decodable {
    let code: String
    let name: String
    let hostedBy: String
    let basis: String
}

struct Department: Decodable {
    let code: String
    let name: String
    let taskForceMember: Bool
}

struct Departments: Decodable {
    let source: String
    let note: String
    let office: Office
    let departments: [Department]
}

// MARK: - The seed, parsed independently of the data files

struct SeedSection {
    let numeral: String
    let title: String
    let text: String
}

struct SeedTask {
    let section: Int
    let number: Int
    let title: String
    let text: String
    let responsibility: String
    let lead: [String]
    let co: [String]
}

struct Seed {
    /// The whole seed with markdown `**` and line breaks removed.
    let normalized: String
    /// The 一、工作目标 paragraph(s), normalised the same way.
    let goals: String
    let sections: [SeedSection]
    let tasks: [SeedTask]
    let members: [String]
}

enum SeedParseError: Error, CustomStringConvertible {
    case malformed(String)
    var description: String {
        switch self {
        case .malformed(let what): return "seed not in the expected shape: \(what)"
        }
    }
}

enum Fixture {
    static let seedName = "000_bee47bce3ca4c6d7.txt"
    /// The seed's path inside the workspace's shared/ folder.
    static let seedPath = "seeds/\(seedName)"

    static func plan() throws -> Plan {
        let data = try Data(contentsOf: Workspace.packageRoot.appendingPathComponent("ledger/plan.json"))
        return try JSONDecoder().decode(Plan.self, from: data)
    }

    static func departments() throws -> Departments {
        let data = try Data(contentsOf: Workspace.packageRoot.appendingPathComponent("ledger/departments.json"))
        return try JSONDecoder().decode(Departments.self, from: data)
    }

    /// Loads and parses the seed. Tests that call it carry `.readsShared(Fixture.seedPath)`; a seed
    /// missing where they run (on CI) is a recorded failure, never a silent pass.
    static func seed() throws -> Seed {
        try parse(String(contentsOf: try Workspace.sharedFile(seedPath), encoding: .utf8))
    }

    static func normalize(_ s: String) -> String {
        s.replacingOccurrences(of: "**", with: "")
            .replacingOccurrences(of: "\r", with: "")
            .replacingOccurrences(of: "\n", with: "")
    }

    /// Splits "heading。rest" at the first 。.
    static func splitTitle(_ s: String) throws -> (String, String) {
        guard let i = s.firstIndex(of: "。") else { throw SeedParseError.malformed("no 。 in \(s)") }
        return (String(s[..<i]), String(s[s.index(after: i)...]))
    }

    /// Splits a task body into its text and the content of its closing responsibility parenthesis.
    static func splitResponsibility(_ body: String) throws -> (String, String) {
        guard let m = body.firstMatch(of: #/[（(]([^（）()]*)[)）]\s*$/#) else {
            throw SeedParseError.malformed("no closing parenthesis in \(body)")
        }
        let text = String(body[..<m.range.lowerBound]).trimmingCharacters(in: .whitespaces)
        return (text, String(m.output.1))
    }

    /// "X、Y牵头，Z、W等负责" -> lead [X, Y], co [Z, W].
    static func parseResponsibility(_ s: String) throws -> ([String], [String]) {
        var lead: [String] = []
        var co: [String] = []
        for rawPart in s.split(whereSeparator: { $0 == "，" || $0 == "," }) {
            var part = rawPart.trimmingCharacters(in: .whitespaces)
            if part.hasSuffix("牵头") {
                part.removeLast(2)
                lead += part.split(separator: "、").map(String.init)
            } else if part.hasSuffix("负责") {
                part.removeLast(2)
                if part.hasSuffix("等") { part.removeLast() }
                co += part.split(separator: "、").map(String.init)
            } else {
                throw SeedParseError.malformed("responsibility clause neither 牵头 nor 负责: \(s)")
            }
        }
        return (lead, co)
    }

    static func parse(_ raw: String) throws -> Seed {
        enum Block { case none, goals, section, task }
        var goals = ""
        var sectionRaw: [(String, String)] = []
        var taskRaw: [(Int, Int, String)] = []
        var block = Block.none

        for line in raw.components(separatedBy: "\n") {
            let s = line.replacingOccurrences(of: "**", with: "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if s.hasPrefix("### ") {
                if s.contains("一、工作目标") { block = .goals } else if s.contains("二、工作任务") { block = .section } else { block = .none }
                continue
            }
            if s.isEmpty || block == .none { continue }
            if block == .goals { goals += s; continue }
            if let m = s.wholeMatch(of: #/[（(]\s*([一二三四五六七八九十])\s*[)）]\s*(.*)/#) {
                sectionRaw.append((String(m.output.1), String(m.output.2)))
                block = .section
                continue
            }
            if let m = s.wholeMatch(of: #/(\d+)\.\s*(.*)/#), let n = Int(m.output.1) {
                guard !sectionRaw.isEmpty else { throw SeedParseError.malformed("task before any section") }
                taskRaw.append((sectionRaw.count, n, String(m.output.2)))
                block = .task
                continue
            }
            // A continuation line (page or paragraph break inside a section intro or a task).
            if block == .task, !taskRaw.isEmpty {
                taskRaw[taskRaw.count - 1].2 += s
            } else if !sectionRaw.isEmpty {
                sectionRaw[sectionRaw.count - 1].1 += s
            }
        }

        let sections = try sectionRaw.map { numeral, text in
            let (title, rest) = try splitTitle(text)
            return SeedSection(numeral: numeral, title: title, text: rest)
        }
        let tasks = try taskRaw.map { section, number, text in
            let (title, body) = try splitTitle(text)
            let (rest, responsibility) = try splitResponsibility(body)
            let (lead, co) = try parseResponsibility(responsibility)
            return SeedTask(
                section: section, number: number, title: title, text: rest,
                responsibility: responsibility, lead: lead, co: co)
        }
        let normalized = normalize(raw)
        guard let m = normalized.firstMatch(of: #/成员单位包括(.*?)等，专班办公室/#) else {
            throw SeedParseError.malformed("no 成员单位包括…等，专班办公室 member list")
        }
        let members = m.output.1.split(separator: "、").map(String.init)
        return Seed(normalized: normalized, goals: goals, sections: sections, tasks: tasks, members: members)
    }

    /// The value as the seed would write it: 420, 8.5, 25.53.
    static func digits(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    static let chineseNumerals: [Int: Character] = [
        1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十",
    ]

    /// Whether a phrase states the value, in Arabic digits or (for 1...10) as a Chinese numeral.
    static func phrase(_ phrase: String, states v: Double) -> Bool {
        if phrase.contains(digits(v)) { return true }
        if v == v.rounded(), let c = chineseNumerals[Int(v)] { return phrase.contains(c) }
        return false
    }

    /// Every Arabic number written in a text, e.g. "增长 8%以上，总量达到 420 亿元" -> [8, 420].
    static func numbers(in s: String) -> [Double] {
        s.matches(of: #/\d+(?:\.\d+)?/#).compactMap { Double(String($0.output)) }
    }

    static let chineseSectionNumerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
}

// MARK: - Tests

@Suite("Pingjiang 2023 plan data against its seed text")
struct PlanDataTests {

    @Test("The seed parses into its six sections and their tasks", .readsShared(Fixture.seedPath))
    func seedIsPresent() throws {
        let seed = try Fixture.seed()
        #expect(!seed.tasks.isEmpty)
        #expect(seed.sections.count == 6)
    }

    @Test("Each section has as many tasks as the seed has numbered headings under it", .readsShared(Fixture.seedPath))
    func taskCountsPerSection() throws {
        let seed = try Fixture.seed()
        let plan = try Fixture.plan()
        var fromSeed: [String: Int] = [:]
        for t in seed.tasks { fromSeed[String(t.section), default: 0] += 1 }
        var fromPlan: [String: Int] = [:]
        for t in plan.tasks { fromPlan[t.section, default: 0] += 1 }
        #expect(fromPlan == fromSeed)
        #expect(plan.sections.map(\.id) == (1...seed.sections.count).map(String.init))
        // Numbered 1, 2, 3 … within each section, as in the seed.
        for s in plan.sections {
            #expect(plan.tasks.filter { $0.section == s.id }.map(\.number) == Array(1...(fromSeed[s.id] ?? 0)))
        }
        // A cross-check of the parser itself: (一) 7, (二) 5, (三) 2, (四) 7, (五) 4, (六) 5.
        #expect(["1", "2", "3", "4", "5", "6"].map { fromSeed[$0] ?? 0 } == [7, 5, 2, 7, 4, 5])
        #expect(plan.tasks.count == 30)
    }

    @Test("Section numbers, titles and intro texts are the seed's", .readsShared(Fixture.seedPath))
    func sectionsMatchSeed() throws {
        let seed = try Fixture.seed()
        let plan = try Fixture.plan()
        try #require(plan.sections.count == seed.sections.count)
        for (p, s) in zip(plan.sections, seed.sections) {
            #expect(p.number == "（\(s.numeral)）")
            #expect(p.title == s.title)
            #expect(p.text == s.text)
        }
    }

    @Test("Each task's title and text are the seed's words, without the responsibility parenthesis", .readsShared(Fixture.seedPath))
    func taskTextsMatchSeed() throws {
        let seed = try Fixture.seed()
        let plan = try Fixture.plan()
        let byID = Dictionary(uniqueKeysWithValues: seed.tasks.map { ("\($0.section).\($0.number)", $0) })
        for t in plan.tasks {
            let s = try #require(byID[t.id], "task \(t.id) is not in the seed")
            #expect(t.title == s.title, "task \(t.id) title")
            #expect(t.text == s.text, "task \(t.id) text")
            #expect(t.responsibilityText == s.responsibility, "task \(t.id) responsibilityText")
        }
    }

    @Test("Every unit the seed names for a task or in the task force is a department, with the right membership", .readsShared(Fixture.seedPath))
    func seedUnitsAreDepartments() throws {
        let seed = try Fixture.seed()
        let deps = try Fixture.departments()
        let names = Set(deps.departments.map(\.name))
        let inParentheses = Set(seed.tasks.flatMap { $0.lead + $0.co })
        for name in inParentheses.sorted() {
            #expect(names.contains(name), "\(name) is named in a task parenthesis but not in departments.json")
        }
        for name in seed.members {
            #expect(names.contains(name), "\(name) is a task-force member but not in departments.json")
        }
        // Nothing beyond what the seed names, and membership exactly as listed.
        #expect(names == inParentheses.union(seed.members))
        for d in deps.departments {
            #expect(d.taskForceMember == seed.members.contains(d.name), "taskForceMember of \(d.name)")
        }
        #expect(deps.source == "shared/seeds/\(Fixture.seedName)")
    }

    @Test("Every code used in the plan and by the office exists in departments.json")
    func codesUsedExist() throws {
        let plan = try Fixture.plan()
        let deps = try Fixture.departments()
        let codes = Set(deps.departments.map(\.code))
        for t in plan.tasks {
            for c in t.lead + t.co {
                #expect(codes.contains(c), "task \(t.id) uses unknown code \(c)")
            }
        }
        #expect(codes.contains(deps.office.hostedBy))
        #expect(deps.departments.first { $0.code == deps.office.hostedBy }?.name == "发改局")
    }

    @Test("Every task has a responsible unit, and a task without a lead says so")
    func responsibilityIsComplete() throws {
        let plan = try Fixture.plan()
        for t in plan.tasks {
            #expect(!(t.lead.isEmpty && t.co.isEmpty), "task \(t.id) has no responsible unit")
            if t.lead.isEmpty {
                let note = try #require(t.responsibilityNote, "task \(t.id) has no lead and no responsibilityNote")
                #expect(!note.isEmpty)
            } else {
                #expect(t.responsibilityNote == nil, "task \(t.id) has a lead but a responsibilityNote")
            }
            #expect(Set(t.lead).isDisjoint(with: t.co), "task \(t.id) lists a unit as both lead and co")
        }
    }

    @Test("Each task's lead and co units are exactly the seed's parenthesis for that task, in order", .readsShared(Fixture.seedPath))
    func leadAndCoMatchSeed() throws {
        let seed = try Fixture.seed()
        let plan = try Fixture.plan()
        let deps = try Fixture.departments()
        let nameOf = Dictionary(uniqueKeysWithValues: deps.departments.map { ($0.code, $0.name) })
        let byID = Dictionary(uniqueKeysWithValues: seed.tasks.map { ("\($0.section).\($0.number)", $0) })
        #expect(Set(byID.keys) == Set(plan.tasks.map(\.id)))
        for t in plan.tasks {
            let s = try #require(byID[t.id], "task \(t.id) is not in the seed")
            #expect(t.lead.map { nameOf[$0] ?? "?\($0)" } == s.lead, "task \(t.id) lead")
            #expect(t.co.map { nameOf[$0] ?? "?\($0)" } == s.co, "task \(t.id) co")
        }
    }

    @Test("Every target quotes a phrase of the seed that states its value", .readsShared(Fixture.seedPath))
    func targetsQuoteTheSeed() throws {
        let seed = try Fixture.seed()
        let plan = try Fixture.plan()
        let all =
            plan.headlineTargets.map { ("headline", $0) }
            + plan.sections.flatMap { s in s.targets.map { ("section \(s.id)", $0) } }
            + plan.tasks.flatMap { t in t.targets.map { ("task \(t.id)", $0) } }
        #expect(all.count > 0)
        for (place, target) in all {
            #expect(
                !target.text.isEmpty && seed.normalized.contains(target.text),
                "\(place): \(target.metric) phrase not in seed: \(target.text)")
            #expect(
                Fixture.phrase(target.text, states: target.value),
                "\(place): \(target.metric) value \(target.value) not in \(target.text)")
            #expect([">=", ">", "~", "=", "<="].contains(target.comparator), "\(place): comparator \(target.comparator)")
            #expect(!target.metric.isEmpty && !target.unit.isEmpty, "\(place): empty metric or unit")
        }
        // A task's targets quote that task's own text.
        for t in plan.tasks {
            for target in t.targets {
                #expect(t.text.contains(target.text), "task \(t.id): \(target.text) is not from this task")
            }
        }
        for s in plan.sections {
            for target in s.targets {
                #expect(s.text.contains(target.text), "section \(s.id): \(target.text) is not from its intro")
            }
        }
    }

    @Test("Every number in 工作目标 and in each section intro is a typed target there", .readsShared(Fixture.seedPath))
    func goalAndSectionNumbersAreTargets() throws {
        let seed = try Fixture.seed()
        let plan = try Fixture.plan()
        let headlineValues = Set(plan.headlineTargets.map(\.value))
        for n in Fixture.numbers(in: seed.goals) {
            #expect(headlineValues.contains(n), "工作目标 number \(n) has no headline target")
        }
        for s in plan.sections {
            let values = Set(s.targets.map(\.value))
            for n in Fixture.numbers(in: s.text) {
                #expect(values.contains(n), "section \(s.id) number \(n) has no target")
            }
        }
    }

    @Test("Headline targets include GDP of 420 亿元 and growth of at least 8%")
    func headlineGDP() throws {
        let plan = try Fixture.plan()
        #expect(plan.headlineTargets.contains { $0.value == 420 && $0.unit == "亿元" && $0.metric.contains("地区生产总值") })
        #expect(
            plan.headlineTargets.contains {
                $0.value == 8 && $0.unit == "%" && $0.comparator == ">=" && $0.metric.contains("地区生产总值")
            })
        #expect(plan.headlineTargets.contains { $0.metric.contains("城镇") && $0.value == 8 })
        #expect(plan.headlineTargets.contains { $0.metric.contains("农村") && $0.value == 10 })
    }

    @Test("Task ids are unique and well-formed, and agree with section and number")
    func taskIDs() throws {
        let plan = try Fixture.plan()
        let ids = plan.tasks.map(\.id)
        #expect(Set(ids).count == ids.count)
        for t in plan.tasks {
            #expect(t.id.wholeMatch(of: #/[1-6]\.[0-9]+/#) != nil, "bad task id \(t.id)")
            #expect(t.id == "\(t.section).\(t.number)")
        }
        let sectionIDs = plan.sections.map(\.id)
        #expect(Set(sectionIDs).count == sectionIDs.count)
    }

    @Test("Department codes are unique, well-formed, and distinct from the office code")
    func departmentCodes() throws {
        let deps = try Fixture.departments()
        let codes = deps.departments.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(Set(deps.departments.map(\.name)).count == codes.count)
        for c in codes + [deps.office.code] {
            #expect(c.wholeMatch(of: #/[A-Z][A-Z0-9]{1,15}/#) != nil, "bad code \(c)")
        }
        #expect(!codes.contains(deps.office.code))
    }

    @Test("Deadlines are valid dates in 2023, each with a stated basis")
    func deadlines() throws {
        let plan = try Fixture.plan()
        #expect(plan.year == 2023)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for t in plan.tasks {
            let m = try #require(t.deadline.wholeMatch(of: #/(\d{4})-(\d{2})-(\d{2})/#), "task \(t.id) deadline \(t.deadline)")
            let parts = DateComponents(year: Int(m.output.1), month: Int(m.output.2), day: Int(m.output.3))
            #expect(parts.year == 2023, "task \(t.id) deadline outside 2023")
            #expect(parts.isValidDate(in: calendar), "task \(t.id) deadline \(t.deadline) is not a date")
            #expect(!t.deadlineBasis.isEmpty)
        }
    }

    @Test("The plan identifies its source and policies")
    func planHeader() throws {
        let plan = try Fixture.plan()
        #expect(plan.id == "pingjiang-2023-growth")
        #expect(plan.title == "打好经济增长主动仗工作方案")
        #expect(plan.county == "平江县")
        #expect(plan.source == "shared/seeds/\(Fixture.seedName)")
        #expect(!plan.deadlinePolicy.isEmpty && !plan.targetPolicy.isEmpty)
    }

    @Test("The plan's title is the seed's", .readsShared(Fixture.seedPath))
    func titleFromSeed() throws {
        #expect(try Fixture.seed().normalized.contains(try Fixture.plan().title))
    }
}
