/// One HTTP request to a served ledger, as ``LedgerServerClient`` forms it.
public struct HTTPRequest: Sendable {
    /// `GET` or `POST`.
    public let method: String
    /// The absolute URL, query included.
    public let url: String
    /// The body of a `POST`.
    public let body: [UInt8]?
    /// The body's `Content-Type`, when there is a body.
    public let contentType: String?
    /// How long to wait for the answer, in seconds (an append waits for its turn and an fsync).
    public let timeout: Double

    public init(method: String, url: String, body: [UInt8]?, contentType: String?, timeout: Double) {
        self.method = method
        self.url = url
        self.body = body
        self.contentType = contentType
        self.timeout = timeout
    }
}

/// The answer to an ``HTTPRequest``: its status and body, whatever the status.
public struct HTTPAnswer: Sendable {
    public let status: Int
    public let body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// What sends a request over the network.
///
/// The protocol lives apart from its one implementation (`URLSessionTransport` in LedgerClient) so that
/// everything about the served ledger's API (the paths, the answers, the refusals, the checking of
/// receipts) is shared by both executables, while only `ledger-remote` links the code that opens a
/// connection (FoundationNetworking and libcurl on Linux). The `ledger` binary has no transport at all.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and waits for the answer.
    /// - Throws: ``ClientError`` when no HTTP answer came (refused connection, timeout, name not found).
    func send(_ request: HTTPRequest) throws(ClientError) -> HTTPAnswer
}
