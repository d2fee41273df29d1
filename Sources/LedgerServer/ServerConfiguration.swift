/// What `ledger-server` serves and how: the address, the ledgers with their sealing keys, and the limits
/// that keep a slow or hostile client from holding the server.
public struct ServerConfiguration: Sendable {
    /// One ledger directory and the office key that seals what the server accepts into it.
    public struct LedgerSource: Sendable, Equatable {
        /// The ledger directory (the one holding `log.jsonl`).
        public var directory: String
        /// The operator's private key file (mode 0600); it must be an active operator key of this ledger.
        public var operatorKeyFile: String

        public init(directory: String, operatorKeyFile: String) {
            self.directory = directory
            self.operatorKeyFile = operatorKeyFile
        }
    }

    /// The address to listen on; loopback unless the county puts it on its network on purpose.
    public var host: String
    /// The TCP port; 0 asks the system for a free one (the bound port is announced on standard output).
    public var port: Int
    /// The ledgers served, each under `/ledgers/<ledger id>/`; with exactly one it is also served at `/`.
    public var ledgers: [LedgerSource]
    /// The largest request body accepted (a batch of statements); larger ones get 413 before they are read whole.
    public var maxBodyBytes: Int
    /// How long a client may take to send its request body; a slower one gets 408 and nothing is appended.
    public var requestTimeout: Duration
    /// How long an idle keep-alive connection is kept open.
    public var idleTimeout: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, ledgers: [LedgerSource], maxBodyBytes: Int = 1 << 20,
        requestTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60)
    ) {
        self.host = host
        self.port = port
        self.ledgers = ledgers
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
    }
}
