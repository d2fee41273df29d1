import ArgumentParser
import LedgerServerAPI

/// `--server URL`: work on a served ledger instead of a directory.
struct ServerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A served ledger's URL (http://host:port, or http://host:port/ledgers/<id>) to work on instead of a directory.",
            valueName: "url"))
    var server: String?

    /// The client for the URL given, or nil to work on a directory.
    func client() throws -> LedgerServerClient? {
        try server.map(NetworkAccess.client)
    }
}
