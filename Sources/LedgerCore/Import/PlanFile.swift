import Foundation

/// A work plan as data (`ledger/plan.json`): headline and section targets and the numbered tasks.
///
/// Only the fields the ledger records are read; the file's notes on how each figure was chosen stay in
/// the file for readers.
public struct PlanFile: Sendable, Decodable {
    public struct Section: Sendable, Decodable {
        public var id: String
        public var number: String
        public var title: String
        public var targets: [PlanTargetEntry]
    }

    public struct PlanTargetEntry: Sendable, Decodable {
        public var metric: String
        public var value: Double
        public var unit: String
        public var comparator: String
    }

    public struct Task: Sendable, Decodable {
        public var id: String
        public var section: String
        public var title: String
        public var lead: [String]
        public var co: [String]
        public var deadline: String
        public var targets: [PlanTargetEntry]
    }

    public var id: String
    public var title: String
    public var year: Int
    public var headlineTargets: [PlanTargetEntry]
    public var sections: [Section]
    public var tasks: [Task]

    /// Reads a plan file.
    /// - Throws: `RecordError(.malformed)` naming the JSON path of the first problem.
    public init(data: Data) throws(RecordError) {
        do {
            self = try JSONDecoder().decode(PlanFile.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw RecordError(.malformed, field: Self.path(context.codingPath + [key]), "missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(context) {
            throw RecordError(.malformed, field: Self.path(context.codingPath), context.debugDescription)
        } catch {
            throw RecordError(.malformed, "not a plan file: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    /// The events that put this plan into a ledger: one `plan` event, then one `assigned` per task.
    /// - Throws: `RecordError` naming the task and field of a value the format does not accept.
    public func events() throws(RecordError) -> [Event] {
        var planTargets: [PlanTarget] = []
        for (i, t) in headlineTargets.enumerated() {
            planTargets.append(PlanTarget(scope: "headline", target: try Self.target(t, field: "headlineTargets[\(i)]")))
        }
        for section in sections {
            for (i, t) in section.targets.enumerated() {
                planTargets.append(PlanTarget(scope: section.id, target: try Self.target(t, field: "sections[\(section.id)].targets[\(i)]")))
            }
        }
        let planSections = sections.map { PlanSection(id: $0.id, title: "\($0.number)\($0.title)") }
        var events: [Event] = [.plan(title: title, sections: planSections, targets: planTargets)]
        for task in tasks {
            guard Identifier.isTaskID(task.id) else {
                throw RecordError(.invalidValue, field: "tasks[\(task.id)].id", "\"\(task.id)\" is not a task id (A-Z, a-z, 0-9, '.', '_', '-'; 1-32 characters)")
            }
            guard let deadline = CalendarDay(task.deadline), deadline.description == task.deadline else {
                throw RecordError(.invalidValue, field: "tasks[\(task.id)].deadline", "\"\(task.deadline)\" is not a date YYYY-MM-DD")
            }
            var targets: [Target] = []
            for (i, t) in task.targets.enumerated() {
                targets.append(try Self.target(t, field: "tasks[\(task.id)].targets[\(i)]"))
            }
            events.append(
                .assigned(
                    task: task.id, Assignment(title: task.title, section: task.section, lead: task.lead, co: task.co, deadline: deadline, targets: targets)))
        }
        // Check each body by the format's own rules, so an import fails here, naming the task, rather
        // than halfway through an append.
        for event in events {
            do {
                try event.validateBody()
            } catch {
                throw error.nested(under: event.task.map { "tasks[\($0)]" } ?? "plan")
            }
        }
        return events
    }

    private static func target(_ t: PlanTargetEntry, field: String) throws(RecordError) -> Target {
        guard let comparator = Comparator(rawValue: t.comparator) else {
            throw RecordError(.invalidValue, field: "\(field).comparator", "unknown comparator \"\(t.comparator)\"")
        }
        return Target(metric: t.metric, value: t.value, unit: t.unit, comparator: comparator)
    }
}

/// The departments a plan names (`ledger/departments.json`).
public struct DepartmentsFile: Sendable, Decodable {
    public struct Unit: Sendable, Decodable {
        public var code: String
        public var name: String
    }

    /// The task-force office, which runs the ledger.
    public var office: Unit
    public var departments: [Unit]

    /// Reads a departments file.
    public init(data: Data) throws(RecordError) {
        do {
            self = try JSONDecoder().decode(DepartmentsFile.self, from: data)
        } catch {
            throw RecordError(.malformed, "not a departments file: \(error)")
        }
    }
}
