import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An executable built beside the running one (`ledger-server`, `ledger-remote`), which `ledger` replaces
/// itself with to run what it does not contain: the HTTP server, the network client.
struct SiblingExecutable {
    /// Its path: the directory of the running executable (its real path, not argv[0]) and the name.
    let path: String

    init(_ name: String) {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let own = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        path = ((own as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
    }

    var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Replaces this process by the sibling with `arguments` (its argv[0] is its path); the standard
    /// streams, the environment and the working directory stay, and its exit status is the process's.
    /// - Throws: ``CLIError`` when execv fails; it does not return otherwise.
    func exec(arguments: [String]) throws -> Never {
        var cArguments = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, &cArguments)
        throw CLIError.input("cannot run \(path): \(String(cString: strerror(errno)))")
    }
}
