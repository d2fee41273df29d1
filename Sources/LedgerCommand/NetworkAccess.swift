import ArgumentParser
import LedgerServerAPI

/// How this executable reaches a served ledger: the one thing in which `ledger` and `ledger-remote` differ.
///
/// Both run the same commands (this library). `ledger` has no network code: a command that needs the
/// network (a ``NetworkCommand``) is handed, once its arguments parse and before it does anything, to
/// the executable beside it, which replaces the process with the same arguments, standard streams and
/// environment, so what it prints and its exit status are the command's. `ledger-remote` sends through
/// the transport its main installs (LedgerClient's URLSession).
public enum NetworkAccess: Sendable {
    /// Hand network commands to the executable of this name in the directory of the running one.
    case handOver(to: String)
    /// Send requests through this transport.
    case transport(any HTTPTransport)

    /// What the running executable's main installed before any argument was parsed; only read after that.
    nonisolated(unsafe) static var current = NetworkAccess.handOver(to: "ledger-remote")

    /// The client for a served ledger's URL.
    /// - Throws: ``CLIError`` in an executable without a transport: a command that talks to a server
    ///   without saying so as a ``NetworkCommand`` (the tests of every served command would catch it).
    static func client(_ url: String) throws -> LedgerServerClient {
        switch current {
        case .transport(let transport):
            return try LedgerServerClient(url, transport: transport)
        case .handOver(let sibling):
            throw CLIError.input("this command was not handed over to \(sibling), and ledger has no network client of its own (a bug in ledger)")
        }
    }

    /// Replaces this process by the sibling executable when `command` needs the network and this
    /// executable has no transport; returns otherwise, without a side effect.
    /// - Throws: ``CLIError`` when the sibling is not built beside this executable or cannot be run.
    static func handOverIfNeeded(_ command: any ParsableCommand) throws {
        guard case .handOver(let name) = current, let command = command as? any NetworkCommand, command.needsNetwork else { return }
        let sibling = SiblingExecutable(name)
        guard sibling.isBuilt else {
            throw CLIError.input(
                "this command talks to a server through \(name), which is not built: \(sibling.path) is missing; build it with `swift build --product \(name)` and keep it beside ledger (ledger itself has no network code)"
            )
        }
        try sibling.exec(arguments: Array(CommandLine.arguments.dropFirst()))
    }
}

/// A command that may talk to a served ledger; `ledger` hands it to `ledger-remote` when it does.
protocol NetworkCommand: ParsableCommand {
    /// Whether this invocation talks to a server (`--server URL` given; always for `ledger mirror`).
    var needsNetwork: Bool { get }
}
