import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto

/// `ledger plan import`: the office signs the plan into the ledger.
struct PlanImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Sign a plan record (headline and section targets) and one assigned record per task (operator).",
        discussion: "Every department the plan names must be enrolled first (`ledger key enroll`). All tasks are appended, or none."
    )

    @Argument(help: ArgumentHelp("The plan file, e.g. ledger/plan.json.", valueName: "plan.json")) var plan: String
    @Option(help: ArgumentHelp("The operator's private key; it signs and seals every record.", valueName: "file")) var key: String
    @OptionGroup var location: LedgerLocation
    @OptionGroup var acceptance: AcceptanceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let data = try InputFile.read(plan, as: .plan)
        let events: [Event]
        do throws(RecordError) {
            events = try PlanFile(data: Data(data)).events()
            for (i, event) in events.enumerated() { try InputText.check(event.bodyJSON, path: event.task.map { "tasks[\($0)]" } ?? (i == 0 ? "plan" : nil)) }
        } catch {
            throw CLIError.input("refused \(plan): \(error.description) (nothing was imported)")
        }
        let signingKey = try loadSigningKey(key)
        let keyID = signingKey.publicKey.keyID(in: signingKey.suite)
        let receipts = try appendChecked(to: location, sealer: signingKey, acceptedAt: try acceptance.time()) { state in
            guard let office = state.registry[keyID], office.role == .operator else {
                throw CLIError.input("--key: key \(keyID.prefix(16))… is not an operator key of this ledger")
            }
            let now = Timestamp.now()
            let statements = try events.map { event in
                try Statement(ledger: state.ledgerID!, time: now, department: office.department, keyID: keyID, event: event).signed(with: signingKey)
            }
            return statements
        }
        if output.json {
            printReceipts(receipts, json: true)
        } else {
            print("imported the plan and \(receipts.count - 1) tasks as records \(receipts.first!.seq)…\(receipts.last!.seq)")
            print("  head \(receipts.last!.head)")
        }
    }
}
