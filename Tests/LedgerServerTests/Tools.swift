import Foundation
import LedgerTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

typealias Output = ProcessOutput

/// The binaries `swift test` built beside the test bundle.
enum Binaries {
    static let ledger = ChildProcess.builtProduct("ledger")
    static let server = ChildProcess.builtProduct("ledger-server")
    /// What `ledger` hands its `--server` commands and `ledger mirror` to.
    static let remote = ChildProcess.builtProduct("ledger-remote")
}

/// Runs a program to its end, reading both pipes while it runs.
func runProcess(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Output {
    try ChildProcess.run(executable, arguments, in: directory, environment: environment)
}

/// The real `ledger` command in a directory of the running test.
struct LedgerCLI: Sendable {
    let directory: URL
    let environment: [String: String]

    init(sourceLocation: SourceLocation = #_sourceLocation) throws {
        directory = try TemporaryDirectory.make("server-test", sourceLocation: sourceLocation)
        environment = ["TMPDIR": try TemporaryDirectory.root(sourceLocation: sourceLocation).path]
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> Output {
        try runProcess(Binaries.ledger, arguments, in: directory, environment: environment)
    }

    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Output {
        let result = try run(arguments)
        #expect(result.status == 0, "ledger \(arguments.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    func read(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }
    func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }

    /// The departments of the test ledger, each leading its own task.
    static let departments = [("SWLSJ", "商务粮食局", "1.1"), ("KGXJ", "科工信局", "1.2"), ("ZJJ", "住建局", "1.3"), ("FGJ", "发改局", "1.4")]

    /// An office, four departments each leading one task, an inspector, and a ledger `L` (id pingjiang-2023).
    static func ledger(suite: String = "ed25519-sha256", sourceLocation: SourceLocation = #_sourceLocation) throws -> LedgerCLI {
        let cli = try LedgerCLI(sourceLocation: sourceLocation)
        for name in ["office", "inspector"] + departments.map({ $0.0.lowercased() }) {
            try cli.ok(["key", "generate", "--suite", suite, "--out", name])
        }
        try cli.ok([
            "init", "L", "--id", "pingjiang-2023", "--operator-key", "office.key", "--dept", "ZBBGS", "--name", "打好经济增长主动仗工作专班办公室", "--title",
            "平江县打好经济增长主动仗工作台账", "--accepted-at", "2023-01-03T01:00:00Z",
        ])
        for (code, name, _) in departments {
            try cli.ok([
                "key", "enroll", "\(code.lowercased()).pub", "--dept", code, "--name", name, "-L", "L", "--key", "office.key", "--accepted-at",
                "2023-01-03T02:00:00Z",
            ])
        }
        try cli.ok([
            "key", "enroll", "inspector.pub", "--dept", "JW", "--name", "县纪委监委", "--role", "inspector", "-L", "L", "--key", "office.key", "--accepted-at",
            "2023-01-03T02:00:00Z",
        ])
        for (code, _, task) in departments {
            try cli.ok([
                "append", "assigned", "-L", "L", "--key", "office.key", "--task", task, "--title", "任务\(task)", "--lead", code, "--deadline", "2027-12-31",
                "--accepted-at", "2023-01-04T00:00:00Z",
            ])
        }
        return cli
    }

    /// Signs a progress statement of `department` on its task into a file and returns the file's name.
    func signProgress(_ department: String, task: String, percent: Int, file: String) throws -> String {
        try ok([
            "sign", "progress", "--ledger-id", "pingjiang-2023", "--key", "\(department.lowercased()).key", "--dept", department, "--task", task, "--percent",
            "\(percent)", "-o", file,
        ])
        return file
    }
}

/// A running `ledger-server`, its output in files of the test's directory.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let stderrFile: URL
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the server on an ephemeral loopback port and waits for its `listening` line.
    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stdoutFile = directory.appendingPathComponent("server-\(UUID().uuidString).out")
        stderrFile = directory.appendingPathComponent("server-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.executableURL = Binaries.server
        process.arguments = ["--host", "127.0.0.1", "--port", "0"] + arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["TMPDIR"] = try TemporaryDirectory.root(sourceLocation: sourceLocation).path
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        var port: Int?
        // The server prints one JSON line once it accepts connections; a server that exits instead failed.
        while port == nil && process.isRunning {
            let text = String(decoding: (try? Data(contentsOf: stdoutFile)) ?? Data(), as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.contains("\"listening\"") }),
                let range = line.range(of: "\"port\":")
            {
                port = Int(line[range.upperBound...].prefix { $0.isNumber })
            } else {
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        guard let port else {
            process.waitUntilExit()
            let log = String(decoding: (try? Data(contentsOf: stderrFile)) ?? Data(), as: UTF8.self)
            throw ServerFailure(description: "ledger-server exited with \(process.terminationStatus) before listening: \(log)")
        }
        self.port = port
    }

    /// Sends `signal` and waits for the process to end; returns its exit status.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    var log: String { String(decoding: (try? Data(contentsOf: stderrFile)) ?? Data(), as: UTF8.self) }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

struct ServerFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs `body` for each index on its own thread (child processes block; the cooperative pool has two threads).
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            body(index)
            group.leave()
        }.start()
    }
    group.wait()
}

/// A thread-safe list the threads of ``onThreads(_:_:)`` add to.
final class Collected<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []
    func append(_ item: Element) { lock.withLock { items.append(item) } }
    var all: [Element] { lock.withLock { items } }
}
