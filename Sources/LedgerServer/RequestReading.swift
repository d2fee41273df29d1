import Foundation
import Hummingbird
import LedgerCore
import LedgerProjector
import LedgerStore

/// What a request says, read with the same rules as the command line's flags.
enum RequestReading {
    /// The body, refused with 413 once it passes `limit` bytes (by its Content-Length, or as it arrives)
    /// and with 408 when it has not all arrived within `timeout` (watched by ``BodyDeadlines``, one timer
    /// for all requests rather than one each).
    static func body(of request: Request, limit: Int, timeout: Duration) async throws -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit { throw tooLarge(limit) }
        let body = request.body
        let reader = Task { () throws -> [UInt8] in
            var bytes: [UInt8] = []
            for try await chunk in body {
                guard bytes.count + chunk.readableBytes <= limit else { throw tooLarge(limit) }
                bytes += chunk.readableBytesView
            }
            return bytes
        }
        let passed = DeadlinePassed()
        let deadline = BodyDeadlines.shared.watch(until: .now + timeout) {
            passed.set()
            reader.cancel()
        }
        defer { BodyDeadlines.shared.forget(deadline) }
        let bytes: [UInt8]
        do {
            bytes = try await withTaskCancellationHandler { try await reader.value } onCancel: { reader.cancel() }
        } catch {
            if passed.isSet { throw timedOut(timeout) }
            throw error
        }
        // A cancelled read may end as if the body were whole: what arrived by the deadline is not taken.
        if passed.isSet { throw timedOut(timeout) }
        return bytes
    }

    private static func timedOut(_ timeout: Duration) -> HTTPRefusal {
        HTTPRefusal(.requestTimeout, code: "timeout", "the request body did not arrive within \(timeout); nothing was appended")
    }

    private static func tooLarge(_ limit: Int) -> HTTPRefusal {
        HTTPRefusal(.contentTooLarge, code: "bodyTooLarge", "the request body is over the server's limit of \(limit) bytes; send smaller batches")
    }

    /// The statements in a submission body: one JSON document when the content type is
    /// `application/json`, else JSON Lines (what `ledger sign` writes), as `ledger submit` reads files.
    static func statements(_ bytes: [UInt8], contentType: String?) throws -> [SignedStatement] {
        let statements: [SignedStatement]
        let mediaType = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if mediaType == "application/json" {
            statements = [try StatementLines.parseDocument(bytes)]
        } else {
            statements = try StatementLines.parse(bytes)
        }
        guard !statements.isEmpty else { throw HTTPRefusal.badRequest("the request body holds no statements") }
        return statements
    }

    /// `?at=SEQ` or `?as-of=YYYY-MM-DD` (not both), as `--at` / `--as-of`.
    static func cut(_ request: Request) throws -> ProjectionCut {
        let query = request.uri.queryParameters
        let at = query.get("at")
        let asOf = query.get("as-of")
        if at != nil && asOf != nil { throw HTTPRefusal.badRequest("give at or as-of, not both") }
        if let at {
            guard let seq = Int(at), seq >= 0 else { throw HTTPRefusal.badRequest("at: \"\(at)\" is not a record number (0 or more)", field: "at") }
            return .record(seq)
        }
        if let asOf {
            guard let day = CalendarDay(asOf) else { throw HTTPRefusal.badRequest("as-of: \"\(asOf)\" is not a date (YYYY-MM-DD)", field: "as-of") }
            return .day(day)
        }
        return .end
    }

    /// `?warning-days=&tolerance=&serious-lag=&silence-days=&about-tolerance=&statistics-days=`, defaulting as the command line does.
    static func options(_ request: Request) throws -> ProjectionOptions {
        let query = request.uri.queryParameters
        var options = ProjectionOptions()
        if let text = query.get("warning-days") {
            guard let value = Int(text) else { throw HTTPRefusal.badRequest("warning-days: \"\(text)\" is not a whole number", field: "warning-days") }
            options.warningDays = value
        }
        if let text = query.get("tolerance") {
            guard let value = Double(text), value.isFinite else { throw HTTPRefusal.badRequest("tolerance: \"\(text)\" is not a number", field: "tolerance") }
            options.scheduleTolerance = value
        }
        if let text = query.get("serious-lag") {
            guard let value = Double(text), value.isFinite else {
                throw HTTPRefusal.badRequest("serious-lag: \"\(text)\" is not a number", field: "serious-lag")
            }
            options.seriousLag = value
        }
        if let text = query.get("about-tolerance") {
            guard let value = Double(text), value.isFinite else {
                throw HTTPRefusal.badRequest("about-tolerance: \"\(text)\" is not a number", field: "about-tolerance")
            }
            options.aboutTolerance = value
        }
        if let text = query.get("statistics-days") {
            guard let value = Int(text) else { throw HTTPRefusal.badRequest("statistics-days: \"\(text)\" is not a whole number", field: "statistics-days") }
            options.statisticsDays = value
        }
        if let text = query.get("silence-days") {
            guard let value = Int(text) else { throw HTTPRefusal.badRequest("silence-days: \"\(text)\" is not a whole number", field: "silence-days") }
            options.silenceDays = value
        }
        return options
    }

    /// An integer query parameter, or nil when absent.
    static func integer(_ request: Request, _ name: String) throws -> Int? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int(text), value >= 0 else { throw HTTPRefusal.badRequest("\(name): \"\(text)\" is not a record number (0 or more)", field: name) }
        return value
    }
}
