import Foundation
import LedgerServerAPI

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The network client: ``HTTPTransport`` on Foundation's URLSession, one ephemeral session a request.
///
/// This is the only code of the project's command line that opens a connection, and the only reason it
/// links FoundationNetworking (URLSession over libcurl on Linux, 5 MB resident). Only
/// `ledger-remote` links it; `ledger` hands every command that needs it to `ledger-remote`.
public struct URLSessionTransport: HTTPTransport {
    public init() {}

    public func send(_ request: HTTPRequest) throws(ClientError) -> HTTPAnswer {
        guard let url = URL(string: request.url) else { throw ClientError("cannot form a URL from \(request.url)") }
        var urlRequest = URLRequest(url: url, timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body.map { Data($0) }
        if let contentType = request.contentType { urlRequest.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let exchange = Exchange()
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: urlRequest) { data, response, error in
            exchange.finish(data: data, response: response, error: error)
        }.resume()
        let (data, response, error) = exchange.wait()
        if let error { throw ClientError("cannot reach \(url.absoluteString): \(error.localizedDescription)") }
        guard let http = response as? HTTPURLResponse else { throw ClientError("no HTTP answer from \(url.absoluteString)") }
        return HTTPAnswer(status: http.statusCode, body: [UInt8](data ?? Data()))
    }
}

/// Hands a URLSession completion to the waiting command.
private final class Exchange: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: (Data?, URLResponse?, (any Error)?) = (nil, nil, nil)

    func finish(data: Data?, response: URLResponse?, error: (any Error)?) {
        result = (data, response, error)
        done.signal()
    }

    func wait() -> (Data?, URLResponse?, (any Error)?) {
        done.wait()
        return result
    }
}
