import Foundation
import Testing

@testable import LedgerCrypto

/// Helpers shared by the LedgerCrypto tests: fixtures, hex, temp directories, `openssl`.
enum TestSupport {
    /// `Tests/LedgerCryptoTests/Fixtures`, found relative to this source file so no
    /// resource bundle is needed.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Decodes the JSON fixture `name` as `T`.
    static func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// Runs `body` with a fresh temporary directory that is removed afterwards.
    static func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ledgercrypto-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// The result of running the `openssl` command-line tool.
    struct OpenSSLResult {
        let status: Int32
        let stdout: Data
        let stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `/usr/bin/openssl` with `arguments` in `directory` and waits for it.
    @discardableResult
    static func openssl(_ arguments: [String], in directory: URL) throws -> OpenSSLResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return OpenSSLResult(
            status: process.terminationStatus,
            stdout: stdout,
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    /// Runs `openssl` and records a test issue (with its stderr) unless it exits 0.
    @discardableResult
    static func opensslSucceeding(_ arguments: [String], in directory: URL) throws -> OpenSSLResult {
        let result = try openssl(arguments, in: directory)
        #expect(result.status == 0, "openssl \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return result
    }

    /// The extra `pkeyutl` options a suite needs (SM3 digest and the GM/T signer ID).
    static func pkeyutlOptions(for suite: Suite) -> [String] {
        switch suite {
        case .sm2sm3: ["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"]
        case .ed25519sha256: []
        }
    }

    /// The `openssl genpkey -algorithm` name for a suite.
    static func genpkeyAlgorithm(for suite: Suite) -> String {
        switch suite {
        case .sm2sm3: "SM2"
        case .ed25519sha256: "ED25519"
        }
    }

    /// `count` random bytes.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Wraps DER in a PEM block with `label` (64-column base64, trailing newline).
    static func pem(label: String, der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }

    /// Reads a text file.
    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// Reads a binary file.
    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    /// Writes bytes to a file.
    static func write(_ bytes: [UInt8], to url: URL) throws {
        try Data(bytes).write(to: url)
    }
}

extension Array where Element == UInt8 {
    /// Decodes lowercase or uppercase hex; traps on malformed input (test fixtures only).
    init(hex: String) {
        let digits = Array(hex.utf8)
        precondition(digits.count.isMultiple(of: 2), "odd-length hex")
        self = stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)!
        }
    }

    /// Lowercase hex.
    var hex: String {
        map { String(format: "%02x", $0) }.joined()
    }
}
