import Foundation
import Testing

/// The folders tests read outside their own: the package, and the `shared/` folder beside it.
///
/// `shared/` holds the seed text the plan was made from and the upstream test vectors the fixtures
/// were copied from. It sits next to the repository in the project's workspace and on CI, but not in a
/// plain clone: tests that read it carry the ``Testing/Trait/readsShared(_:)`` trait, which skips them
/// there with a reason, and fails them instead when the `CI` environment variable is set, where a
/// missing folder means the checks silently stopped running.
public enum Workspace {
    /// The package root (the folder with Package.swift), found from this source file's path, so the
    /// tests need neither resources nor a fixed location.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // LedgerTestSupport/
        .deletingLastPathComponent()  // Tests/
        .deletingLastPathComponent()

    /// `shared/` beside the package.
    public static let sharedDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)

    /// Whether a missing `shared/` fails the run instead of skipping: set `CI` (to anything) to require it.
    public static var requiresShared: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// `shared/<relativePath>`, which must exist: a missing file records a failure and throws.
    public static func sharedFile(_ relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        let url = sharedDirectory.appendingPathComponent(relativePath)
        try #require(
            FileManager.default.fileExists(atPath: url.path),
            "\(url.path) is missing: the workspace's shared/ folder must sit beside the package (CI runs require it)", sourceLocation: sourceLocation)
        return url
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs a test that reads `shared/<relativePath>` only where that exists, or always when `CI` is set.
    ///
    /// In a plain clone the test is skipped and the run prints why; on CI it runs and fails on the
    /// missing file, so the seed and vector checks cannot quietly stop running there.
    public static func readsShared(_ relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        let path = Workspace.sharedDirectory.appendingPathComponent(relativePath).path
        return .enabled(
            if: Workspace.requiresShared || FileManager.default.fileExists(atPath: path),
            "needs \(path), which is not beside this clone of the package (set CI to make that a failure)",
            sourceLocation: sourceLocation)
    }
}
