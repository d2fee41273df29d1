import Hummingbird
import LedgerCore
import LedgerProjector
import LedgerReport
import LedgerStore

/// The HTTP surface of one served ledger, mounted under a prefix (`/ledgers/<id>`, and `` when the
/// server serves exactly one ledger):
///
/// | method and path        | answer |
/// | ---------------------- | ------ |
/// | `GET  {p}/`            | the dashboard: the report as HTML (`ledger report --format html`), tasks linked to their history |
/// | `POST {p}/statements`  | `{"receipts":[…]}`, after the batch is durable; JSON Lines body (or one `application/json` statement) |
/// | `GET  {p}/head`        | `{"ledger","records","head","accepted"}` |
/// | `GET  {p}/state`       | `ledger state --json` (`?format=text`: `ledger state`) |
/// | `GET  {p}/report`      | `ledger report` (`?format=text|markdown|csv|json|html&lang=zh|en&audit=1&color=1`) |
/// | `GET  {p}/log`         | the log's exact lines `?from=SEQ&to=SEQ` (to exclusive), JSON Lines |
/// | `GET  {p}/tasks/<id>`  | a task's history page |
/// | `GET  {p}/records/<n>` | a record's page |
///
/// Reads take `?at=SEQ` or `?as-of=DATE` and the projection flags `warning-days`, `tolerance`,
/// `silence-days`, as the commands do. Checkpoints, tiles, proofs and cosignatures: ``TransparencyRoutes``.
struct LedgerRoutes: Sendable {
    let prefix: String
    let limits: Limits
    /// Finds the ledger a request is about (by the path's id, or the only one).
    let resolve: @Sendable (BasicRequestContext) throws -> ServedLedger
    /// The path prefix for a ledger, for links.
    let linkPrefix: @Sendable (ServedLedger) -> String

    struct Limits: Sendable {
        var maxBodyBytes: Int
        var requestTimeout: Duration
    }

    func mount(on router: Router<BasicRequestContext>) {
        router.get("\(prefix.isEmpty ? "/" : prefix)") { request, context in try await dashboard(request, context) }
        router.post("\(prefix)/statements") { request, context in try await submit(request, context) }
        router.get("\(prefix)/head") { request, context in try await head(request, context) }
        router.get("\(prefix)/state") { request, context in try await state(request, context) }
        router.get("\(prefix)/report") { request, context in try await report(request, context) }
        router.get("\(prefix)/log") { request, context in try await log(request, context) }
        router.get("\(prefix)/tasks/:task") { request, context in try await task(request, context) }
        router.get("\(prefix)/records/:seq") { request, context in try await record(request, context) }
    }

    // MARK: Write

    private func submit(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let ledger = try resolve(context)
        let bytes = try await RequestReading.body(of: request, limit: limits.maxBodyBytes, timeout: limits.requestTimeout)
        let statements = try RequestReading.statements(bytes, contentType: request.headers[.contentType])
        let receipts = try await ledger.submit(statements)
        return Self.json(["receipts": .array(receipts.map(\.json))], status: .ok)
    }

    // MARK: Read

    private func dashboard(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let ledger = try resolve(context)
        let projection = try await ledger.projection(cut: try RequestReading.cut(request), options: try RequestReading.options(request))
        let html = try renderer(projection.state, request: request, ledger: ledger).render(.html)
        return Self.text(html, type: "text/html; charset=utf-8")
    }

    private func head(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let ledger = try resolve(context)
        let state = try await ledger.projection(cut: .end, options: ProjectionOptions()).state
        return Self.json([
            "ledger": .string(ledger.id), "records": .number(Double(state.recordCount)), "head": .string(state.head),
            "accepted": .string(state.asOf.description),
        ])
    }

    private func state(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let ledger = try resolve(context)
        let projection = try await ledger.projection(cut: try RequestReading.cut(request), options: try RequestReading.options(request))
        switch request.uri.queryParameters.get("format") ?? "json" {
        case "json": return Self.bytes(projection.state.canonicalBytes + [0x0A], type: "application/json; charset=utf-8")
        case "text": return Self.text(StateSummary.text(projection.state), type: "text/plain; charset=utf-8")
        case let other: throw HTTPRefusal.badRequest("format: \"\(other)\" is not json or text", field: "format")
        }
    }

    private func report(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let ledger = try resolve(context)
        let query = request.uri.queryParameters
        let name = query.get("format") ?? "text"
        guard let format = ReportFormat(rawValue: name == "md" ? "markdown" : name) else {
            throw HTTPRefusal.badRequest("format: \"\(name)\" is not text, markdown, csv, json or html", field: "format")
        }
        let audit = ["1", "true", "yes"].contains(query.get("audit") ?? "")
        let projection = try await ledger.projection(cut: try RequestReading.cut(request), options: try RequestReading.options(request))
        var renderer = try renderer(projection.state, request: request, ledger: ledger, links: false)
        renderer.color = ["1", "true", "yes"].contains(query.get("color") ?? "")
        var text = audit ? renderer.renderAudit(format) : renderer.render(format)
        if !text.hasSuffix("\n") { text += "\n" }
        let type =
            switch format {
            case .html: "text/html; charset=utf-8"
            case .csv: "text/csv; charset=utf-8"
            case .json: "application/json; charset=utf-8"
            case .markdown: "text/markdown; charset=utf-8"
            case .text: "text/plain; charset=utf-8"
            }
        return Self.text(text, type: type)
    }

    private func log(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let ledger = try resolve(context)
        let from = try RequestReading.integer(request, "from") ?? 0
        let to = try RequestReading.integer(request, "to") ?? Int.max
        guard from <= to else { throw HTTPRefusal.badRequest("from \(from) is after to \(to)", field: "from") }
        let records = try await ledger.records(from..<to)
        var bytes: [UInt8] = []
        for record in records {
            bytes += record.line
            bytes.append(0x0A)
        }
        return Self.bytes(bytes, type: "application/jsonl; charset=utf-8")
    }

    private func task(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let ledger = try resolve(context)
        guard let taskID = context.parameters.get("task") else { throw HTTPRefusal.notFound("no task named") }
        let state = try await ledger.projection(cut: .end, options: try RequestReading.options(request)).state
        let records = try await ledger.records(0..<state.recordCount)
        let about = records.filter { $0.signed.statement.event.task.map { FormatRule.same($0, taskID) } ?? false }
        guard !about.isEmpty else { throw HTTPRefusal.notFound("ledger \(ledger.id) has no records about task \(taskID)") }
        let page = try renderer(state, request: request, ledger: ledger).renderTaskHistory(
            taskID: taskID, records: about.map { ($0, $0.hash(ledger.suite)) })
        return Self.text(page, type: "text/html; charset=utf-8")
    }

    private func record(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let ledger = try resolve(context)
        guard let text = context.parameters.get("seq"), let seq = Int(text), seq >= 0 else { throw HTTPRefusal.notFound("not a record number") }
        let state = try await ledger.projection(cut: .end, options: try RequestReading.options(request)).state
        guard let record = try await ledger.records(seq..<(seq + 1)).first else {
            throw HTTPRefusal.notFound("ledger \(ledger.id) has no record \(seq) (it has \(state.recordCount))")
        }
        let page = try renderer(state, request: request, ledger: ledger).renderRecord(
            record, hash: record.hash(ledger.suite), hasNext: seq + 1 < state.recordCount)
        return Self.text(page, type: "text/html; charset=utf-8")
    }

    // MARK: Helpers

    /// The report renderer for a request (`?lang=zh|en`), with links into this server unless `links` is false.
    private func renderer(_ state: ProjectedState, request: Request, ledger: ServedLedger, links: Bool = true) throws -> ReportRenderer {
        let name = request.uri.queryParameters.get("lang") ?? "zh"
        guard let language = ReportLanguage(rawValue: name) else { throw HTTPRefusal.badRequest("lang: \"\(name)\" is not zh or en", field: "lang") }
        let base = linkPrefix(ledger)
        let serving = ReportLinks(
            report: base.isEmpty ? "/" : base + "/",
            task: { "\(base)/tasks/\(Self.pathSegment($0))" },
            record: { "\(base)/records/\($0)" },
            proof: { "\(base)/proof/inclusion?seq=\($0)" })
        return ReportRenderer(state: state, language: language, links: links ? serving : nil)
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func pathSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0x0F)])"
            }
        }
        return out
    }

    static func bytes(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ text: String, type: String) -> Response { bytes(Array(text.utf8), type: type) }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(value.canonicalBytes + [0x0A], type: "application/json; charset=utf-8", status: status)
    }
}
