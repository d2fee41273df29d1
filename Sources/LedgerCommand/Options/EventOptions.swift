import ArgumentParser
import LedgerCore
import LedgerCrypto

/// The options that describe one kind of task event, shared by `sign` and `append`.
protocol EventOptions: ParsableArguments {
    static var type: String { get }
    static var abstract: String { get }
    /// Builds the event; `suite` is the signer key's suite (evidence files are hashed with it).
    func event(suite: Suite) throws -> Event
}
