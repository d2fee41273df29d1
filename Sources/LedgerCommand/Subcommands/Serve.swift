import ArgumentParser

/// `ledger serve …`: runs the `ledger-server` binary built beside this one, with the same arguments.
///
/// The server is its own product so that building `ledger` never builds the HTTP stack (SwiftNIO and
/// Hummingbird triple a first build); this subcommand only hands over to it, replacing this process.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve ledgers over HTTP (runs `ledger-server`, built with `swift build --product ledger-server`).",
        discussion: "Every argument goes to ledger-server unchanged: `ledger serve -L DIR --operator-key KEY --port 8080`; `ledger-server --help` lists them."
    )

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Arguments for ledger-server.", valueName: "argument"))
    var arguments: [String] = []

    func run() throws {
        let server = SiblingExecutable("ledger-server")
        guard server.isBuilt else {
            throw CLIError.input(
                "the server is not built: \(server.path) is missing; build it with `swift build --product ledger-server` (or `swift run ledger-server …`)")
        }
        try server.exec(arguments: arguments)
    }
}
