import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// One request through URLSession, waiting for the answer: its status, body bytes and Cache-Control header.
func fetch(_ url: String, method: String = "GET", body: [UInt8]? = nil) throws -> (status: Int, body: [UInt8], cache: String?) {
    var request = URLRequest(url: try #require(URL(string: url)), timeoutInterval: 60)
    request.httpMethod = method
    request.httpBody = body.map { Data($0) }
    final class Box: @unchecked Sendable {
        var status = 0
        var body = Data()
        var cache: String?
        var error: (any Error)?
    }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    let session = URLSession(configuration: .ephemeral)
    session.dataTask(with: request) { data, response, error in
        let http = response as? HTTPURLResponse
        box.status = http?.statusCode ?? 0
        box.cache = http?.value(forHTTPHeaderField: "Cache-Control")
        box.body = data ?? Data()
        box.error = error
        done.signal()
    }.resume()
    done.wait()
    session.finishTasksAndInvalidate()
    if let error = box.error { throw error }
    return (box.status, [UInt8](box.body), box.cache)
}

/// One request with a text body, answered as text: its status and body.
func exchange(_ url: String, method: String, body: String?) throws -> (status: Int, body: String) {
    let answer = try fetch(url, method: method, body: body.map { Array($0.utf8) })
    return (answer.status, String(decoding: answer.body, as: UTF8.self))
}

/// A raw TCP connection to the loopback server, for requests no well-behaved client makes (a body
/// that never finishes arriving).
final class LoopbackSocket {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        // Never wait on the server forever: a read gives up after 30 s.
        var limit = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
    }

    /// What the server sends until it closes the connection or pauses (its first answer).
    func receive() -> String {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
    }

    deinit { close(fd) }
}
