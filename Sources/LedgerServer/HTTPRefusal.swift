import Hummingbird
import LedgerCore
import LedgerCrypto
import LedgerStore

/// A request the server refuses, as the client reads it: an HTTP status and a JSON body
/// `{"error":{"status","code","reason","seq"?,"field"?,"ledgerUnchanged"}}`.
///
/// The one place library errors become HTTP answers, as `CLIError.init?(_:)` is for the command line:
/// the body names the record (seq), the field and the reason exactly as `ledger submit` would print them.
/// Statuses: 400 the body is not what the endpoint reads; 403 the signature is not a credential here (bad,
/// unknown, revoked key, or a role or department not allowed to say it); 409 it conflicts with the log
/// (a replay, the clock, a log needing recovery); 413 too large; 408 too slow; 422 well-formed and signed
/// but not a transition the plan allows; 404 no such ledger or record; 500 the server's own failure
/// (its disk, or a seal it made that did not verify: `sealFailed`).
public struct HTTPRefusal: Error, Sendable, HTTPResponseError {
    public let status: HTTPResponse.Status
    /// A short machine word: a `RecordError.Code` raw value, or `bodyTooLarge`, `timeout`, `notFound`, `badRequest`, `internal`.
    public let code: String
    public let reason: String
    public let seq: Int?
    public let field: String?
    /// The sentence a person reads: `record 17: statement.body.percent: percent must be …`, as the
    /// command line words a refusal.
    public let message: String

    public init(_ status: HTTPResponse.Status, code: String, _ reason: String, seq: Int? = nil, field: String? = nil, message: String? = nil) {
        self.status = status
        self.code = code
        self.reason = reason
        self.seq = seq
        self.field = field
        self.message = message ?? [seq.map { "record \($0)" }, field, reason].compactMap { $0 }.joined(separator: ": ")
    }

    static func badRequest(_ reason: String, field: String? = nil) -> HTTPRefusal { HTTPRefusal(.badRequest, code: "badRequest", reason, field: field) }
    static func notFound(_ reason: String) -> HTTPRefusal { HTTPRefusal(.notFound, code: "notFound", reason) }

    /// Maps what the libraries throw onto a status and a message.
    public init(_ error: any Error) {
        switch error {
        case let error as HTTPRefusal:
            self = error
        case let error as LedgerError:
            switch error {
            case .record(let record): self.init(record: record)
            case .tornTail: self.init(.conflict, code: "tornTail", error.description)
            case .notALedger, .alreadyExists: self.init(.notFound, code: "notFound", error.description)
            case .store: self.init(.internalServerError, code: "internal", error.description)
            }
        case let error as RecordError:
            self.init(record: error)
        case let error as ProjectionError:
            switch error {
            case .verificationFailed(let failure):
                self.init(.conflict, code: "verificationFailed", error.description, seq: failure.seq, field: failure.field)
            case .cutBeyondEnd: self.init(.notFound, code: "notFound", error.description, field: "at")
            }
        case let error as StatementLines.Failure:
            switch error.problem {
            case .json: self.init(.badRequest, code: RecordError.Code.malformed.rawValue, error.reason, message: "line \(error.line): \(error.reason)")
            case .statement(let record):
                let nested = record.field?.hasPrefix("statement") == true ? record : record.nested(under: "statement")
                self.init(
                    HTTPRefusal.status(for: record.code), code: record.code.rawValue, nested.reason, field: nested.field,
                    message: "line \(error.line): \(nested.description)")
            }
        case let error as CryptoError:
            self.init(.badRequest, code: "badRequest", error.reason)
        default:
            self.init(.internalServerError, code: "internal", "\(error)")
        }
    }

    private init(record: RecordError) {
        if record.code == .badSignature, let field = record.field, FormatRule.same(field, "seal") {
            // Nobody submits a seal: the one the server made did not verify, or could not be made (the
            // appender checks each seal before it writes it). The server's own failure, not the signer's.
            self.init(
                .internalServerError, code: HTTPRefusal.sealFailed,
                "the server could not make a seal of this record that verifies, so nothing was written (\(record.reason)); the submission may be sent again, and the office should have this machine checked",
                seq: record.seq, field: field)
            return
        }
        self.init(HTTPRefusal.status(for: record.code), code: record.code.rawValue, record.reason, seq: record.seq, field: record.field)
    }

    /// The code of a refusal caused by the server's own seal (see ``init(_:)``).
    public static let sealFailed = "sealFailed"

    /// The status a broken rule earns.
    static func status(for code: RecordError.Code) -> HTTPResponse.Status {
        switch code {
        case .malformed: .badRequest
        case .badSignature, .unknownKey, .revokedKey, .notAuthorized: .forbidden
        case .duplicateStatement, .chainBroken, .timeWentBackwards, .tornTail: .conflict
        case .invalidValue, .wrongLedger, .unknownTask, .unknownFinding, .duplicateTask, .illegalTransition: .unprocessableContent
        }
    }

    /// The error as JSON: `message` for people, the other fields for scripts.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "status": .number(Double(status.code)), "code": .string(code), "reason": .string(reason), "message": .string(message),
            "ledgerUnchanged": .bool(true),
        ]
        if let seq { object["seq"] = .number(Double(seq)) }
        if let field { object["field"] = .string(field) }
        return ["error": .object(object)]
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var bytes = json.canonicalBytes
        bytes.append(0x0A)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
