import Foundation
import LedgerTestSupport
import Testing

/// Runs the real `ledger` binary that `swift test` built beside the test bundle.
struct CLI {
    typealias Result = ProcessOutput

    /// The `ledger` executable in the build products directory.
    static let executable = ChildProcess.builtProduct("ledger")

    /// The repository root, for the plan files.
    static let repository = Workspace.packageRoot

    let directory: URL
    var environment: [String: String] = [:]

    /// A CLI working in a fresh directory inside the running test's temporary directory, which goes
    /// when the test ends (the suite must be marked `.temporaryDirectory`). The binary's own temporary
    /// files go there too.
    init(sourceLocation: SourceLocation = #_sourceLocation) throws {
        directory = try TemporaryDirectory.make("ledger-cli", sourceLocation: sourceLocation)
        environment["TMPDIR"] = try TemporaryDirectory.root(sourceLocation: sourceLocation).path
    }

    /// Runs the binary with `arguments`; `wrapper` is a command that runs it (e.g. `prlimit --fsize=N`).
    @discardableResult
    func run(_ arguments: [String], wrapper: [String] = []) throws -> Result {
        try ChildProcess.run(Self.executable, arguments, in: directory, environment: environment, wrapper: wrapper)
    }

    /// Runs and requires exit status 0.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let result = try run(arguments)
        #expect(result.status == 0, "ledger \(arguments.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func read(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }

    /// Keys for an office and two departments, a ledger `L`, the two departments enrolled and task 1.6
    /// assigned to SWLSJ (lead) and KGXJ (co).
    static func smallLedger(suite: String = "ed25519-sha256") throws -> CLI {
        let cli = try CLI()
        for name in ["office", "swlsj", "kgxj", "zjj"] { try cli.ok(["key", "generate", "--suite", suite, "--out", name]) }
        try cli.ok(["init", "L", "--id", "pingjiang-2023", "--operator-key", "office.key", "--dept", "ZBBGS", "--name", "打好经济增长主动仗工作专班办公室", "--title", "平江县打好经济增长主动仗工作台账", "--accepted-at", "2023-01-03T01:00:00Z"])
        try cli.ok([
            "key", "enroll", "swlsj.pub", "--dept", "SWLSJ", "--name", "商务粮食局", "-L", "L", "--key", "office.key", "--accepted-at", "2023-01-03T02:00:00Z",
        ])
        try cli.ok(["key", "enroll", "kgxj.pub", "--dept", "KGXJ", "--name", "科工信局", "-L", "L", "--key", "office.key", "--accepted-at", "2023-01-03T02:00:00Z"])
        try cli.ok(["key", "enroll", "zjj.pub", "--dept", "ZJJ", "--name", "住建局", "-L", "L", "--key", "office.key", "--accepted-at", "2023-01-03T02:00:00Z"])
        try cli.ok([
            "append", "assigned", "-L", "L", "--key", "office.key", "--task", "1.6", "--title", "引进培育商贸企业", "--lead", "SWLSJ", "--co", "KGXJ",
            "--deadline", "2023-12-31", "--target", "新增限额以上企业>=40 家", "--accepted-at", "2023-01-04T00:00:00Z",
        ])
        return cli
    }
}
