import ArgumentParser
import Foundation
import LedgerServer
import Logging

/// `ledger-server`: serves ledger directories over HTTP until SIGTERM or SIGINT.
///
/// Every flag has an environment variable, so a systemd unit can configure it either way; flags win.
@main
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger-server",
        abstract: "Serve ledgers over HTTP: departments submit signed statements, everyone reads state, reports and the log.",
        discussion: """
            Each --ledger DIR is served under /ledgers/<its ledger id>/ (with one ledger, also at /), sealed with the \
            --operator-key given in the same position. GET / is the live dashboard. On start it prints one line \
            `{"event":"listening","host":…,"port":…}` on standard output; logs go to standard error.
            """
    )

    @Option(help: ArgumentHelp("Address to listen on (default: $LEDGER_SERVER_HOST, else 127.0.0.1).", valueName: "host"))
    var host: String?
    @Option(help: ArgumentHelp("TCP port; 0 picks a free one (default: $LEDGER_SERVER_PORT, else 8080).", valueName: "port"))
    var port: Int?
    @Option(
        name: [.customLong("ledger"), .customShort("L")],
        help: ArgumentHelp("A ledger directory to serve; repeat for several (default: $LEDGER_DIR).", valueName: "dir"))
    var ledgers: [String] = []
    @Option(
        name: .customLong("operator-key"),
        help: ArgumentHelp(
            "The operator key sealing records of the --ledger in the same position; one key may serve all (default: $LEDGER_OPERATOR_KEY).",
            valueName: "file"))
    var operatorKeys: [String] = []
    @Option(
        name: .customLong("max-body"), help: ArgumentHelp("Largest request body in bytes (default: $LEDGER_SERVER_MAX_BODY, else 1048576).", valueName: "bytes")
    )
    var maxBody: Int?
    @Option(
        name: .customLong("request-timeout"),
        help: ArgumentHelp("Seconds a client may take to send its body (default: $LEDGER_SERVER_REQUEST_TIMEOUT, else 30).", valueName: "seconds"))
    var requestTimeout: Int?
    @Option(
        name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error (default: $LOG_LEVEL, else info).", valueName: "level"))
    var logLevel: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directories = ledgers.isEmpty ? environment["LEDGER_DIR"].map { [$0] } ?? [] : ledgers
        let keys = operatorKeys.isEmpty ? environment["LEDGER_OPERATOR_KEY"].map { [$0] } ?? [] : operatorKeys
        guard !directories.isEmpty else { throw ValidationError("give at least one --ledger DIR (or set LEDGER_DIR)") }
        guard keys.count == directories.count || keys.count == 1 else {
            throw ValidationError("give one --operator-key for every --ledger, or one for all (got \(keys.count) keys for \(directories.count) ledgers)")
        }
        let sources = directories.enumerated().map {
            ServerConfiguration.LedgerSource(directory: $0.element, operatorKeyFile: keys.count == 1 ? keys[0] : keys[$0.offset])
        }
        func number(_ flag: Int?, _ variable: String, _ fallback: Int) throws -> Int {
            if let flag { return flag }
            guard let text = environment[variable] else { return fallback }
            guard let value = Int(text) else { throw ValidationError("$\(variable): \"\(text)\" is not a number") }
            return value
        }
        let configuration = ServerConfiguration(
            host: host ?? environment["LEDGER_SERVER_HOST"] ?? "127.0.0.1",
            port: try number(port, "LEDGER_SERVER_PORT", 8080),
            ledgers: sources,
            maxBodyBytes: try number(maxBody, "LEDGER_SERVER_MAX_BODY", 1 << 20),
            requestTimeout: .seconds(try number(requestTimeout, "LEDGER_SERVER_REQUEST_TIMEOUT", 30))
        )
        let levelName = logLevel ?? environment["LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else { throw ValidationError("--log-level: \"\(levelName)\" is not a log level") }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "ledger-server")
        let app: LedgerServerApp
        do {
            app = try LedgerServerApp(configuration: configuration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("ledger-server: error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let host = configuration.host
        let served = app.ledgers.map(\.id)
        try await app.run { port in
            // One machine-readable line: scripts and tests read the bound port from it.
            let line = "{\"event\":\"listening\",\"host\":\"\(host)\",\"port\":\(port)}\n"
            FileHandle.standardOutput.write(Data(line.utf8))
            logger.info("listening", metadata: ["host": "\(host)", "port": "\(port)", "ledgers": "\(served.joined(separator: ","))"])
        }
    }
}
