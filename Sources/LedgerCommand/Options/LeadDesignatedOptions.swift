import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign lead-designated` / `append lead-designated`: the office names the unit that applies for 销号.
struct LeadDesignatedOptions: EventOptions {
    static let type = "lead-designated"
    static let abstract =
        "Designate (office) which responsible unit applies for 销号 of a task whose plan names no lead (牵头) unit. Until then any responsible unit may apply."

    @Option(help: "The task id.") var task: String
    @Option(help: ArgumentHelp("The unit's code; one of the task's responsible units.", valueName: "code")) var unit: String

    func event(suite: Suite) throws -> Event { .leadDesignated(task: task, department: unit) }
}
