internal import COpenSSL

/// Access to OpenSSL's thread-local error queue.
enum OpenSSLErrors {
    /// Pops every pending error off this thread's queue and returns them as one string,
    /// `"; "`-separated, oldest first. Returns `""` if the queue was empty.
    static func drain() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            let message = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
                ERR_error_string_n(code, buffer.baseAddress, buffer.count)
                return String(cString: buffer.baseAddress!)
            }
            messages.append(message)
        }
        return messages.joined(separator: "; ")
    }

    /// Discards every pending error on this thread's queue (cheap; used on hot paths
    /// where the error text is not wanted).
    static func clear() {
        ERR_clear_error()
    }
}
