import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto

/// `sign assigned` / `append assigned`: the operator assigns a task.
struct AssignedOptions: EventOptions {
    static let type = "assigned"
    static let abstract = "Assign a task (operator only): title, responsible departments, deadline, targets."

    @Option(help: "The task id, e.g. 1.6.") var task: String
    @Option(help: "The task's title.") var title: String
    @Option(help: "The plan section, e.g. 1.") var section: String?
    @Option(help: ArgumentHelp("Lead departments (牵头), comma-separated codes.", valueName: "codes")) var lead: String = ""
    @Option(help: ArgumentHelp("Co-responsible departments (负责), comma-separated codes.", valueName: "codes")) var co: String = ""
    @Option(help: ArgumentHelp("The deadline, YYYY-MM-DD.", valueName: "date")) var deadline: String
    @Option(help: ArgumentHelp("A target, written METRIC>=VALUE UNIT (comparators >=, >, ~, =, <=). Repeatable.", valueName: "target"))
    var target: [String] = []

    func event(suite: Suite) throws -> Event {
        let split: (String) -> [String] = { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        return .assigned(
            task: task,
            Assignment(
                title: title, section: section, lead: split(lead), co: split(co),
                deadline: try parseDay(deadline, option: "--deadline"), targets: try target.map(parseTarget)))
    }
}
