import Foundation
import Testing

/// A private directory for each test case, removed with everything in it when the test case ends.
///
/// Mark a suite `@Suite("…", .temporaryDirectory)`; its helpers then create their files with
/// ``make(_:sourceLocation:)`` and never clean up themselves. The directory goes whether the test
/// passes, fails or throws, and so does whatever a child process wrote into it: give processes
/// ``environment(sourceLocation:)`` so their own temporary files (`TMPDIR`) land there too.
///
/// Using it outside such a suite is a test failure, so a new test cannot quietly leave files behind.
public struct TemporaryDirectory: SuiteTrait, TestTrait, TestScoping {
    /// The running test case's directory; nil outside a marked suite.
    @TaskLocal private static var current: URL?

    /// Applies to every test of the suite, nested suites included.
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer {
            do {
                try FileManager.default.removeItem(at: directory)
            } catch {
                Issue.record(error, "could not remove the test's temporary directory \(directory.path)")
            }
        }
        try await Self.$current.withValue(directory) { try await function() }
    }

    /// The running test case's directory.
    ///
    /// Records a failure and throws outside a suite marked `.temporaryDirectory`.
    public static func root(sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        try #require(current, "temporary files need the suite trait .temporaryDirectory, which removes them", sourceLocation: sourceLocation)
    }

    /// Creates a new empty directory named `prefix-<uuid>` inside the running test case's directory.
    public static func make(_ prefix: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        let directory = try root(sourceLocation: sourceLocation).appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        return directory
    }

    /// This process's environment with `TMPDIR` pointing into the running test case's directory, for
    /// child processes (`ledger`, `openssl`, `python3`) whose temporary files must go with the test.
    public static func environment(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = try root(sourceLocation: sourceLocation).path
        return environment
    }
}

extension Trait where Self == TemporaryDirectory {
    /// Gives each test case a temporary directory and removes it when the test case ends.
    public static var temporaryDirectory: Self { TemporaryDirectory() }
}
