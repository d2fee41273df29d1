import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerServerAPI
import LedgerStore
import LedgerTransparency

/// A failure the tool reports in one line, with its exit status.
struct CLIError: Error {
    let message: String
    let exitCode: Int32

    init(message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    /// Bad input or usage: exit 2, nothing changed.
    static func input(_ message: String) -> CLIError { CLIError(message: message, exitCode: 2) }

    /// Verification failed: exit 1 (the report was already printed).
    static func verificationFailed(_ message: String) -> CLIError { CLIError(message: message, exitCode: 1) }

    /// The one place library errors become what a person reads and the exit status a script sees.
    ///
    /// A refused record says the ledger is unchanged (appends are all-or-nothing); a ledger that does
    /// not verify exits 1; everything else is bad input or a failed system call, exit 2. Nil for errors
    /// this tool does not own (ArgumentParser's).
    init?(_ error: any Error) {
        switch error {
        case let error as CLIError:
            self = error
        case let error as LedgerError:
            if case .record = error {
                self = .input("refused: \(error.description) (the ledger is unchanged)")
            } else {
                self = .input(error.description)
            }
        case let error as ProjectionError:
            if case .verificationFailed = error { self = .verificationFailed(error.description) } else { self = .input(error.description) }
        case let error as RecordError: self = .input(error.description)
        case let error as InputFile.Refusal: self = .input(error.description)
        case let error as CryptoError: self = .input(error.reason)
        case let error as StoreError: self = .input(error.description)
        case let error as SnapshotError: self = .input(error.reason)
        case let error as LedgerDirectoryError: self = .input(error.description)
        case let error as POSIXFailure: self = .input(error.description)
        case let error as ServerRefusal:
            self = .input("refused by the server (HTTP \(error.status)): \(error.message)\(error.ledgerUnchanged ? " (the ledger is unchanged)" : "")")
        case let error as ClientError: self = .input(error.description)
        case let error as TransparencyError:
            switch error {
            case .proofRejected, .signatureRejected, .notContained: self = .verificationFailed(error.description)
            default: self = .input(error.description)
            }
        case let error as MirrorError:
            if case .refused = error { self = .verificationFailed(error.description) } else { self = .input(error.description) }
        case let error as InspectorError:
            switch error {
            case .alarm, .verificationFailed: self = .verificationFailed(error.description)
            case .refused, .state: self = .input(error.description)
            }
        default: return nil
        }
    }
}
