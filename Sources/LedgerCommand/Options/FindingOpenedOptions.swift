import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign finding-opened` / `append finding-opened`: 督查发现, signed with an inspector key.
struct FindingOpenedOptions: EventOptions {
    static let type = "finding-opened"
    static let abstract =
        "督查发现 (inspector): open a finding on a task (--task) or a unit (--unit), with its severity and a 整改 deadline. The statement id printed is the finding's id."

    @Option(help: "The task the finding is on.") var task: String?
    @Option(help: ArgumentHelp("The unit the finding is on (its code), instead of a task.", valueName: "code")) var unit: String?
    @Option(help: "What the inspector found.") var text: String
    @Option(help: ArgumentHelp("general (一般), serious (较重) or severe (严重).", valueName: "severity")) var severity: String
    @Option(help: ArgumentHelp("The 整改 (rectification) deadline, YYYY-MM-DD.", valueName: "date")) var deadline: String

    func event(suite: Suite) throws -> Event {
        let subject: FindingSubject
        switch (task, unit) {
        case (let task?, nil): subject = .task(task)
        case (nil, let unit?): subject = .department(unit)
        default: throw CLIError.input("give exactly one of --task and --unit")
        }
        guard let level = FindingSeverity.allCases.first(where: { $0.rawValue == severity || $0.label == severity }) else {
            throw CLIError.input("--severity: \"\(severity)\" is not general (一般), serious (较重) or severe (严重)")
        }
        return .findingOpened(subject: subject, text: text, severity: level, deadline: try parseDay(deadline, option: "--deadline"))
    }
}
