import Foundation
import Testing

/// A finished child process: its exit status and what it printed.
public struct ProcessOutput: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs the binaries `swift test` built, as a user would: a real process, real pipes.
public enum ChildProcess {
    /// The product `name` (e.g. `ledger`) in the build products directory beside the test bundle.
    public static func builtProduct(_ name: String) -> URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path) && dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent(name)
    }

    /// Runs `executable` to its end in `directory`, reading both pipes while it runs so a large output
    /// cannot block it. The ledger's own environment variables (`LEDGER_DIR`, `LEDGER_OPERATOR_KEY`) of
    /// the test runner are removed, then `environment` is added. `wrapper` is a command that runs the
    /// executable (e.g. `prlimit --fsize=N`).
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], wrapper: [String] = []
    ) throws -> ProcessOutput {
        let process = Process()
        if let tool = wrapper.first {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = Array(wrapper.dropFirst()) + [executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["LEDGER_DIR"] = nil
        env["LEDGER_OPERATOR_KEY"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { Thread.sleep(forTimeInterval: 0.001) }
        return ProcessOutput(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a tool from `PATH` (`openssl`, `python3`) in `directory`, its temporary files in the running
    /// test's temporary directory.
    public static func tool(
        _ name: String, _ arguments: [String], in directory: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ProcessOutput {
        try run(
            URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, in: directory,
            environment: try TemporaryDirectory.environment(sourceLocation: sourceLocation))
    }
}
