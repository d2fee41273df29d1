import ArgumentParser
import Foundation
import LedgerCore

/// `ledger key list`: the ledger's key registry.
struct KeyList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the ledger's keys with department, role and status.")

    @OptionGroup var location: LedgerLocation
    @OptionGroup var output: OutputOptions

    func run() throws {
        let state = try location.state()
        let keys = state.registry.keys.values.sorted { ($0.enrolledAt, $0.id) < ($1.enrolledAt, $1.id) }
        func status(_ k: EnrolledKey) -> String {
            switch k.status {
            case .active: "active"
            case .rotated(let seq, _): "rotated@\(seq)"
            case .revoked(let seq, _): "revoked@\(seq)"
            }
        }
        if output.json {
            printJSON(
                .array(
                    keys.map {
                        [
                            "key": .string($0.id), "dept": .string($0.department), "name": .string(state.registry.departmentNames[$0.department] ?? ""),
                            "role": .string($0.role.rawValue), "enrolled": .number(Double($0.enrolledAt)), "status": .string(status($0)),
                        ]
                    }))
            return
        }
        for k in keys {
            print(
                "\(k.id.prefix(16))  \(k.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(k.department.padding(toLength: 8, withPad: " ", startingAt: 0)) \(state.registry.departmentNames[k.department] ?? "")  enrolled@\(k.enrolledAt)  \(status(k))"
            )
        }
    }
}
