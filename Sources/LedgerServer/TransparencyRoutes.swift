import Hummingbird
import LedgerCore
import LedgerTransparency

/// The read side of a served ledger as a C2SP tlog-tiles log, its proofs, and the cosignature intake
/// (FORMAT.md §12.11–§12.12), mounted under the same prefix as ``LedgerRoutes``:
///
/// | method and path                             | answer |
/// | ------------------------------------------- | ------ |
/// | `GET  {p}/checkpoint`                       | the latest signed checkpoint with the cosignatures held (`text/plain`, `no-cache`) |
/// | `GET  {p}/tile/<L>/<N>[.p/<W>]`             | a hash tile (full: `immutable`, a year; partial: `no-cache`) |
/// | `GET  {p}/tile/entries/<N>[.p/<W>]`         | an entry bundle: the records' lines, each with its `0x0A` |
/// | `GET  {p}/proof/inclusion?seq=N[&size=S]`   | `ledger prove inclusion`'s file (default size: the latest checkpoint's) |
/// | `GET  {p}/proof/consistency?from=A&to=B`    | `ledger prove consistency`'s file |
/// | `POST {p}/cosignature`                      | an inspector's cosignature (§12.12): 200 the checkpoint as now held; 409 `<size>` not the office's checkpoint |
///
/// A tile path not in tlog-tiles' form is 400; a tile beyond the log's tree is 404. Every answer but
/// the cosignature is what a static web server would serve from files, so the read side can equally be
/// an export behind any web server or object store.
struct TransparencyRoutes: Sendable {
    let prefix: String
    let limits: LedgerRoutes.Limits
    let resolve: @Sendable (BasicRequestContext) throws -> ServedTransparency

    static let immutable = "public, max-age=31536000, immutable"
    static let shortLived = "no-cache"

    func mount(on router: Router<BasicRequestContext>) {
        router.get("\(prefix)/checkpoint") { _, context in try await checkpoint(context) }
        router.get("\(prefix)/tile/**") { _, context in try await tile(context) }
        router.get("\(prefix)/proof/inclusion") { request, context in try await inclusion(request, context) }
        router.get("\(prefix)/proof/consistency") { request, context in try await consistency(request, context) }
        router.post("\(prefix)/cosignature") { request, context in try await cosignature(request, context) }
    }

    private func checkpoint(_ context: BasicRequestContext) async throws -> Response {
        let bytes = try await Self.mapped { try await resolve(context).checkpoint() }
        return Self.bytes(bytes, type: "text/plain; charset=utf-8", cache: Self.shortLived)
    }

    private func tile(_ context: BasicRequestContext) async throws -> Response {
        let service = try resolve(context)
        let text = "tile/" + context.parameters.getCatchAll().joined(separator: "/")
        let path: TilePath
        do { path = try TilePath(parsing: text) } catch { throw HTTPRefusal.badRequest(error.description, field: "path") }
        guard let bytes = try await Self.mapped({ try await service.tile(path) }) else {
            throw HTTPRefusal.notFound("\(text) is beyond the tree of ledger \(service.id)")
        }
        let type = if case .entries = path.kind { "application/jsonl; charset=utf-8" } else { "application/octet-stream" }
        return Self.bytes(bytes, type: type, cache: path.isFull ? Self.immutable : Self.shortLived)
    }

    private func inclusion(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let service = try resolve(context)
        guard let seq = try RequestReading.integer(request, "seq") else { throw HTTPRefusal.badRequest("seq is required", field: "seq") }
        let size = try RequestReading.integer(request, "size")
        let bytes = try await Self.mapped { try await service.inclusionProof(seq: seq, size: size) }
        return Self.bytes(bytes, type: "application/json; charset=utf-8", cache: Self.shortLived)
    }

    private func consistency(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let service = try resolve(context)
        guard let from = try RequestReading.integer(request, "from") else { throw HTTPRefusal.badRequest("from is required", field: "from") }
        guard let to = try RequestReading.integer(request, "to") else { throw HTTPRefusal.badRequest("to is required", field: "to") }
        let bytes = try await Self.mapped { try await service.consistencyProof(from: from, to: to) }
        return Self.bytes(bytes, type: "application/json; charset=utf-8", cache: Self.shortLived)
    }

    private func cosignature(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let service = try resolve(context)
        let body = try await RequestReading.body(of: request, limit: min(limits.maxBodyBytes, 64 << 10), timeout: limits.requestTimeout)
        let submission: CosignatureSubmission
        do { submission = try CosignatureSubmission(parsing: body) } catch { throw HTTPRefusal.badRequest(error.description, field: "body") }
        switch try await Self.mapped({ try await service.cosign(submission) }) {
        case .accepted(let note, _):
            return Self.bytes(note, type: "text/plain; charset=utf-8", cache: Self.shortLived)
        case .conflict(let size, let reason):
            // tlog-witness: 409 with the size the other side holds, so the sender can catch up and retry.
            var response = Self.bytes(Array("\(size)\n".utf8), type: "text/x.tlog.size", cache: Self.shortLived, status: .conflict)
            response.headers[.init("Ledger-Reason")!] = Self.headerSafe(reason)
            return response
        case .inconsistent(let reason):
            throw HTTPRefusal(.unprocessableContent, code: "proofRejected", reason)
        case .forbidden(let reason):
            throw HTTPRefusal(.forbidden, code: "badSignature", reason)
        }
    }

    /// Runs `body`, turning what the transparency library throws into the HTTP answer it deserves.
    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as TransparencyError {
            switch error {
            case .proofUnavailable: throw HTTPRefusal.notFound(error.description)
            case .notContained: throw HTTPRefusal(.conflict, code: "notContained", error.description)
            case .malformedFile, .malformedNote, .malformedCheckpoint, .malformedKey: throw HTTPRefusal.badRequest(error.description)
            case .proofRejected: throw HTTPRefusal(.unprocessableContent, code: "proofRejected", error.description)
            case .signatureRejected: throw HTTPRefusal(.forbidden, code: "badSignature", error.description)
            case .store: throw HTTPRefusal(.internalServerError, code: "internal", error.description)
            }
        }
    }

    static func bytes(_ bytes: [UInt8], type: String, cache: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = LedgerRoutes.bytes(bytes, type: type, status: status)
        response.headers[.cacheControl] = cache
        return response
    }

    /// A header value in printable ASCII (the reason may hold a ledger id in Chinese).
    static func headerSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? $0 : "?" }))
    }
}
