import Foundation
import LedgerCore

/// The command line's side of `--server URL`: the requests a command makes of a served ledger and the
/// answers it accepts, sent through the ``HTTPTransport`` it is given (no HTTP of our own, and nothing of
/// the server's stack).
///
/// `URL` is a served ledger's base: `http://host:port` when the server serves one ledger, or
/// `http://host:port/ledgers/<id>`. Requests are synchronous, because the commands are.
public struct LedgerServerClient: Sendable {
    /// The ledger's base URL, without a trailing slash.
    public let base: String
    /// How long to wait for an answer (an append waits for its turn and an fsync).
    public var timeout: Double = 120
    /// What sends the requests.
    public let transport: any HTTPTransport

    /// - Throws: ``ClientError`` when `url` is not an http(s) URL.
    public init(_ url: String, transport: any HTTPTransport) throws(ClientError) {
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        guard let parsed = URL(string: text), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https", parsed.host != nil else {
            throw ClientError("--server: \"\(url)\" is not an http:// or https:// URL")
        }
        base = text
        self.transport = transport
    }

    /// Submits signed statements as one batch (JSON Lines), all or none; the receipts come back once the
    /// records are durable on the server.
    /// - Throws: ``ServerRefusal`` when the server refuses (nothing was appended); ``ClientError`` when it cannot be reached.
    public func submit(_ statements: [SignedStatement]) throws -> [Receipt] {
        var body: [UInt8] = []
        for statement in statements {
            body += statement.json.canonicalBytes
            body.append(0x0A)
        }
        let data = try send("statements", method: "POST", body: body, contentType: "application/jsonl")
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { throw ClientError("the server's answer is not JSON: \(error)") }
        guard let list = value["receipts"]?.arrayValue else { throw ClientError("the server's answer has no receipts") }
        do {
            return try list.map { (item: JSONValue) throws(RecordError) -> Receipt in try Receipt(json: item) }
        } catch {
            throw ClientError("the server's receipt is malformed: \(error)")
        }
    }

    /// GETs `path` (relative to the ledger's base) with `query`, returning the body of a 200 answer.
    /// - Throws: ``ServerRefusal`` for a 4xx/5xx answer; ``ClientError`` when the server cannot be reached.
    public func get(_ path: String, query: [(String, String)] = []) throws -> [UInt8] {
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        let suffix = query.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? "")
        return try send(path + suffix, method: "GET", body: nil, contentType: nil)
    }

    /// POSTs `body` to `path`, returning the body of a 2xx answer.
    /// - Throws: ``ServerRefusal`` for a 4xx/5xx answer (its message is the body when it is not the server's JSON error).
    public func post(_ path: String, body: [UInt8], contentType: String) throws -> [UInt8] {
        try send(path, method: "POST", body: body, contentType: contentType)
    }

    private func send(_ path: String, method: String, body: [UInt8]?, contentType: String?) throws -> [UInt8] {
        let url = base + "/" + path
        guard URL(string: url) != nil else { throw ClientError("cannot form a URL from \(base) and \(path)") }
        let answer = try transport.send(HTTPRequest(method: method, url: url, body: body, contentType: contentType, timeout: timeout))
        guard (200..<300).contains(answer.status) else { throw ServerRefusal(status: answer.status, body: answer.body, url: url) }
        return answer.body
    }
}

/// The server could not be reached or answered something that is not the protocol.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The server refused the request: its status and the sentence its JSON error names (record, field, reason).
public struct ServerRefusal: Error, Sendable, CustomStringConvertible {
    public let status: Int
    /// The server's `error.message`, or the body as text when it is not the server's JSON error.
    public let message: String
    /// The server's `error.code` (a `RecordError.Code` raw value, or `bodyTooLarge`, `timeout`, …).
    public let code: String?
    /// Whether the server said the ledger is unchanged.
    public let ledgerUnchanged: Bool

    init(status: Int, body: [UInt8], url: String) {
        self.status = status
        let error = (try? JSONValue.parse(body))?["error"]
        if let message = error?["message"]?.stringValue {
            self.message = message
        } else {
            let text = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            self.message = "\(url): \(text.isEmpty ? "no explanation" : text)"
        }
        code = error?["code"]?.stringValue
        ledgerUnchanged = error?["ledgerUnchanged"]?.boolValue ?? false
    }

    public var description: String { "server refused (HTTP \(status)): \(message)" }
}
