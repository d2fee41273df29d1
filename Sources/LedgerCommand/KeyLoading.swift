import Foundation
import LedgerCore
import LedgerCrypto

/// Loads a private key file, refusing one that group or others can read.
func loadSigningKey(_ path: String) throws -> SigningKey {
    try SigningKey.load(contentsOfFile: path)
}

/// Loads a public key from a PEM file.
func loadVerifyingKey(_ path: String) throws -> VerifyingKey {
    let text = String(decoding: try InputFile.read(path, as: .publicKey), as: UTF8.self)
    return try VerifyingKey(pemRepresentation: text)
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
