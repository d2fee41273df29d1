import Hummingbird
import Logging

/// Turns every error a handler throws into the server's JSON refusal (``HTTPRefusal``), so that a
/// client always reads a status and a sentence naming the record, the field and the reason, never an
/// empty 500. Hummingbird's own HTTP errors (404 for an unknown path, …) pass through.
struct RefusalMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            let refusal = HTTPRefusal(error)
            if refusal.status.code >= 500 { context.logger.error("failed", metadata: ["error": "\(error)"]) }
            throw refusal
        }
    }
}
