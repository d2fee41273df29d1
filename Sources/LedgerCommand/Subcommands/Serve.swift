import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `ledger serve …`: runs the `ledger-server` binary built beside this one, with the same arguments.
///
/// The server is its own product so that building `ledger` never builds the HTTP stack (SwiftNIO and
/// Hummingbird triple a first build); this subcommand only hands over to it, replacing this process.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve ledgers over HTTP (runs `ledger-server`, built with `swift build --product ledger-server`).",
        discussion: "Every argument goes to ledger-server unchanged: `ledger serve -L DIR --operator-key KEY --port 8080`; `ledger-server --help` lists them."
    )

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Arguments for ledger-server.", valueName: "argument"))
    var arguments: [String] = []

    func run() throws {
        let server = Self.serverExecutable()
        guard FileManager.default.isExecutableFile(atPath: server) else {
            throw CLIError.input(
                "the server is not built: \(server) is missing; build it with `swift build --product ledger-server` (or `swift run ledger-server …`)")
        }
        let argv = [server] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        execv(server, &cArguments)
        throw CLIError.input("cannot run \(server): \(String(cString: strerror(errno)))")
    }

    /// `ledger-server` in the directory of the running `ledger` executable.
    static func serverExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let own = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        return ((own as NSString).deletingLastPathComponent as NSString).appendingPathComponent("ledger-server")
    }
}
