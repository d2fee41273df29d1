import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerCrypto
import LedgerStore

/// `--ledger DIR`: which ledger directory a command works on.
struct LedgerLocation: ParsableArguments {
    @Option(
        name: [.customLong("ledger"), .customShort("L")],
        help: ArgumentHelp("The ledger directory (default: $LEDGER_DIR, else the current directory).", valueName: "dir"))
    var path: String?

    var directory: String { path ?? ProcessInfo.processInfo.environment["LEDGER_DIR"] ?? "." }

    func open() throws -> LedgerDirectory {
        try LedgerDirectory(path: directory)
    }

    /// Reads the ledger's state (keys, tasks, head) without checking signatures: enough to know who is who.
    func state() throws -> ChainState {
        try open().ledger.replay(verifySignatures: false).0
    }
}

/// `--json`: machine-readable output.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false
}

/// Loads a private key file, refusing one that group or others can read.
func loadSigningKey(_ path: String) throws -> SigningKey {
    try SigningKey.load(contentsOfFile: path)
}

/// Loads a public key from a PEM file.
func loadVerifyingKey(_ path: String) throws -> VerifyingKey {
    let text: String
    do {
        text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw CLIError.input("cannot read public key file \(path): \(error.localizedDescription)")
    }
    return try VerifyingKey(pemRepresentation: text)
}

/// Parses a UTC time argument.
func parseTimestamp(_ text: String, option: String) throws -> Timestamp {
    guard let t = Timestamp(text) else { throw CLIError.input("\(option): \"\(text)\" is not a UTC time written YYYY-MM-DDTHH:MM:SSZ") }
    return t
}

/// Parses a date argument.
func parseDay(_ text: String, option: String) throws -> CalendarDay {
    guard let d = CalendarDay(text), d.description == text else { throw CLIError.input("\(option): \"\(text)\" is not a date written YYYY-MM-DD") }
    return d
}

/// Resolves a key given as a 64-hex key id, a unique id prefix, or a public key PEM file.
func resolveKeyID(_ text: String, state: ChainState) throws -> String {
    if FileManager.default.fileExists(atPath: text), let suite = state.suite {
        return try loadVerifyingKey(text).keyID(in: suite)
    }
    let matches = state.registry.keys.keys.filter { $0.hasPrefix(text) }
    guard matches.count == 1, text.count >= 8 else {
        throw CLIError.input(matches.isEmpty ? "no key in this ledger matches \"\(text)\"" : "\"\(text)\" matches \(matches.count) keys; give more digits")
    }
    return matches[0]
}
