import LedgerCore
import LedgerCrypto

/// A failure the tool reports in one line, with its exit status.
struct CLIError: Error {
    let message: String
    let exitCode: Int32

    /// Bad input or usage: exit 2, nothing changed.
    static func input(_ message: String) -> CLIError { CLIError(message: message, exitCode: 2) }

    /// Verification failed: exit 1 (the report was already printed).
    static func verificationFailed(_ message: String) -> CLIError { CLIError(message: message, exitCode: 1) }
}

/// Runs `body`, turning library errors into one-line input errors.
@discardableResult
func reporting<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CLIError {
        throw error
    } catch let error as LedgerError {
        if case .record = error {
            throw CLIError.input("refused: \(error.description) (the ledger is unchanged)")
        }
        throw CLIError.input(error.description)
    } catch let error as RecordError {
        throw CLIError.input(error.description)
    } catch let error as CryptoError {
        throw CLIError.input(error.reason)
    } catch let error as StoreError {
        throw CLIError.input(error.description)
    }
}
