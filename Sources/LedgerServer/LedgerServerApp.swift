import Hummingbird
import LedgerCore
import LedgerStore
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Builds and runs the server: opens every ledger (refusing to start on one it cannot serve), mounts
/// its routes, and runs Hummingbird in a `ServiceGroup` that turns SIGTERM and SIGINT into a graceful
/// shutdown: no new connections, in-flight requests (appends included) finish, then the process exits.
/// No appender outlives a request round, so no lock is held once the last append returned.
public struct LedgerServerApp: Sendable {
    public let configuration: ServerConfiguration
    public let ledgers: [ServedLedger]
    /// Each ledger's checkpoints, tiles, proofs and cosignatures, by ledger id.
    public let transparency: [String: ServedTransparency]
    private let logger: Logger

    /// Opens the configured ledgers.
    /// - Throws: ``ServerSetupError`` or `LedgerError` naming the ledger that cannot be served.
    public init(configuration: ServerConfiguration, logger: Logger) throws {
        guard !configuration.ledgers.isEmpty else { throw ServerSetupError("no ledger to serve: give at least one --ledger DIR") }
        var ledgers: [ServedLedger] = []
        var transparency: [String: ServedTransparency] = [:]
        for source in configuration.ledgers {
            let ledger = try ServedLedger(source: source, logger: logger)
            if let same = ledgers.first(where: { FormatRule.same($0.id, ledger.id) }) {
                throw ServerSetupError("\(source.directory) and \(same.directory.path) are both ledger \(ledger.id); each id is served once")
            }
            ledgers.append(ledger)
            transparency[ledger.id] = try ServedTransparency(served: ledger, source: source, logger: logger)
        }
        self.transparency = transparency
        self.configuration = configuration
        self.ledgers = ledgers
        self.logger = logger
    }

    /// The router: `/health`, `/metrics`, `/ledgers`, every ledger under `/ledgers/<id>`, and the only ledger at `/` too.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Each request at debug (`--log-level debug`): at info a busy server would spend on its log what
        // it spends on a signature; appends are logged once per round at info (``ServedLedger``).
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: RefusalMiddleware())
        let byID = Dictionary(uniqueKeysWithValues: ledgers.map { ($0.id, $0) })
        let ids = ledgers.map(\.id)
        router.get("/health") { _, _ in
            LedgerRoutes.json(["status": .string("ok"), "ledgers": .array(ids.map { .string($0) })])
        }
        let served = ledgers
        router.get("/metrics") { _, _ in
            LedgerRoutes.text(MetricsText.render(served.map { ($0.id, $0.appendCounts) }), type: MetricsText.contentType)
        }
        router.get("/ledgers") { _, _ in
            LedgerRoutes.json(["ledgers": .array(ids.map { ["id": .string($0), "path": .string("/ledgers/\(LedgerRoutes.pathSegment($0))")] })])
        }
        let limits = LedgerRoutes.Limits(maxBodyBytes: configuration.maxBodyBytes, requestTimeout: configuration.requestTimeout)
        LedgerRoutes(
            prefix: "/ledgers/:ledger", limits: limits,
            resolve: { context in try Self.named(context, in: byID) },
            linkPrefix: { "/ledgers/\(LedgerRoutes.pathSegment($0.id))" }
        ).mount(on: router)
        let logs = transparency
        TransparencyRoutes(
            prefix: "/ledgers/:ledger", limits: limits,
            resolve: { context in try Self.named(context, in: logs) }
        ).mount(on: router)
        if ledgers.count == 1, let only = ledgers.first, let log = logs[only.id] {
            LedgerRoutes(prefix: "", limits: limits, resolve: { _ in only }, linkPrefix: { _ in "" }).mount(on: router)
            TransparencyRoutes(prefix: "", limits: limits, resolve: { _ in log }).mount(on: router)
        }
        return router
    }

    /// What the `:ledger` path parameter names in `table`, or a 404 that says where the ids are listed.
    private static func named<Served>(_ context: BasicRequestContext, in table: [String: Served]) throws -> Served {
        guard let id = context.parameters.get("ledger"), let served = table[id] else {
            throw HTTPRefusal.notFound("no ledger \(context.parameters.get("ledger") ?? "") here; GET /ledgers lists them")
        }
        return served
    }

    /// Runs until SIGTERM or SIGINT. `onListening` gets the bound port (the one asked for, or the
    /// system's choice for port 0) once the server accepts connections.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(configuration.idleTimeout.components.seconds) * 1_000_000_000))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "ledger-server"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? -1) },
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let outcome: Result<Void, any Error>
        do {
            try await group.run()
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        for ledger in ledgers { await ledger.finishAppends() }
        try outcome.get()
        logger.info("stopped: every accepted submission was written before its receipt was sent")
    }
}
