import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// `ledger`: the accountability ledger's command-line tool.
struct LedgerRoot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "An append-only, signed, hash-chained ledger of a work plan's tasks.",
        discussion: """
            Departments sign statements (assigned, progress, completed, delayed) with their own keys; the \
            task-force office appends them to the ledger; anyone with a copy can verify every record.

            Exit status: 0 success, 1 verification failed, 2 usage or input error (nothing was changed).
            """,
        subcommands: [
            Demo.self, Init.self, KeyCommand.self, PlanCommand.self, SignCommand.self, Submit.self, AppendCommand.self, Verify.self, Log.self,
            Show.self,
            StateCommand.self, SnapshotCommand.self, Report.self, Recover.self, CheckpointCommand.self, ProveCommand.self, ReceiptCommand.self,
            Audit.self, Cosign.self, BundleCommand.self, Serve.self, Mirror.self, ExportTiles.self,
        ]
    )
}

/// The entry point of both executables: `ledger` and `ledger-remote` differ only in `network`.
public enum LedgerCommandLine {
    /// Parses the arguments, hands a command that needs the network to `ledger-remote` when this
    /// executable has no transport, runs it, and maps every failure onto the documented exit statuses.
    public static func main(network: NetworkAccess) -> Never {
        NetworkAccess.current = network
        do {
            try RawArguments.check()
            var command = try LedgerRoot.parseAsRoot()
            try NetworkAccess.handOverIfNeeded(command)
            try command.run()
            exit(0)
        } catch {
            if let mapped = CLIError(error) {
                FileHandleOutput.standardError.write("ledger: error: \(mapped.message)\n")
                exit(mapped.exitCode)
            }
            let code = LedgerRoot.exitCode(for: error)
            if code == .success {
                LedgerRoot.exit(withError: error)
            }
            let message = LedgerRoot.fullMessage(for: error)
            FileHandleOutput.standardError.write(message.hasSuffix("\n") ? message : message + "\n")
            // ArgumentParser reports usage errors as 64 (EX_USAGE); this tool promises 2 for any bad input.
            exit(code == ExitCode(1) ? 1 : 2)
        }
    }
}
