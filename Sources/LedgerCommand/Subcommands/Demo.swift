import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerReport
import LedgerStore

/// `ledger demo`: a signed year of the real plan in a fresh directory, verified and reported.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Build a demo ledger: keys for the office, every department and an inspector; the plan; a simulated year of signed reports.",
        discussion: """
            Everything is deterministic from --seed: the same seed gives the same statements, values and reasons \
            (signatures and statement ids differ run to run, since SM2 signatures are randomised). Private keys are \
            written with mode 0600 under DIR/keys and are ignored by git.
            """
    )

    @Option(
        help: ArgumentHelp(
            "Where to build the demo (must not exist, or be an earlier demo with --force).",
            valueName: "dir")) var dir = "demo-ledger"
    @Option(help: "Seed of the simulated year.") var seed: UInt64 = 2023
    @Option(help: ArgumentHelp("sm2-sm3 (default) or ed25519-sha256.", valueName: "suite"))
    var suite = "sm2-sm3"
    @Option(
        help: ArgumentHelp(
            "The plan file (default: ledger/plan.json of this repository).", valueName: "file")) var plan: String?
    @Option(
        help: ArgumentHelp(
            "The departments file (default: ledger/departments.json).", valueName: "file"))
    var departments: String?
    @Flag(help: "Replace an earlier demo directory.") var force = false
    @Flag(help: "Print only where the demo is, not the report.") var quiet = false

    static let inspector = (code: "JW", name: "县纪委监委派驻纪检监察组")

    func run() throws {
        guard let suite = Suite(rawValue: suite) else {
            throw CLIError.input("--suite: unknown suite \"\(self.suite)\"")
        }
        let planFile = try PlanFile(data: try Self.read(plan, default: "ledger/plan.json"))
        let units = try DepartmentsFile(data: try Self.read(departments, default: "ledger/departments.json"))
        try prepareDirectory()

        // Keys: the office, every department, one inspector.
        let keyDir = dir + "/keys"
        try FileManager.default.createDirectory(
            atPath: keyDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var keys: [String: SigningKey] = [:]
        for code in [units.office.code] + units.departments.map(\.code) + [Self.inspector.code] {
            let key = try SigningKey.generate(suite: suite)
            try key.write(toFile: "\(keyDir)/\(code).key")
            guard
                FileManager.default.createFile(
                    atPath: "\(keyDir)/\(code).pub", contents: Data(key.publicKey.pemRepresentation.utf8))
            else {
                throw CLIError.input("cannot write \(keyDir)/\(code).pub")
            }
            keys[code] = key
        }
        let office = keys[units.office.code]!
        let ledgerDir = dir + "/ledger"
        let ledgerID = "pingjiang-2023"
        func statement(_ event: Event, by code: String, at time: Timestamp, id: String? = nil) throws -> SignedStatement {
            let key = keys[code]!
            return try Statement(
                ledger: ledgerID, id: id ?? Identifier.newStatementID(), time: time, department: code, keyID: key.publicKey.keyID(in: suite),
                event: event
            ).signed(with: key)
        }

        // Genesis, enrolments, the plan.
        let start = Timestamp("2023-01-03T01:00:00Z")!
        let genesis = Genesis(
            suite: suite, title: "平江县打好经济增长主动仗工作台账", utcOffset: "+08:00", department: units.office.code,
            name: units.office.name, key: office.publicKey)
        let ledger = try LedgerDirectory.create(
            path: ledgerDir,
            genesis: try statement(.genesis(genesis), by: units.office.code, at: start),
            operatorKey: office, accepted: start
        ).0
        // The appender holds the ledger's lock; it is released at the end of this block, before
        // verification takes its shared lock.
        do {
            let appender = try ledger.appender(sealer: office)
            let enrolments = try
                (units.departments.map { ($0.code, $0.name, Role.department) } + [
                    (Self.inspector.code, Self.inspector.name, Role.inspector)
                ]).map { code, name, role in
                    try statement(
                        .keyEnrolled(department: code, name: name, role: role, key: keys[code]!.publicKey),
                        by: units.office.code, at: start.adding(seconds: 3600))
                }
            try appender.append(enrolments, accepted: start.adding(seconds: 3600))
            let planTime = Timestamp("2023-01-05T01:00:00Z")!
            let planEvents = try planFile.events()
            try appender.append(
                try planEvents.map { try statement($0, by: units.office.code, at: planTime) }, accepted: planTime)

            // A year of reports, each signed by its department and accepted at its simulated time.
            let steps = YearSimulation(plan: planFile, seed: seed, office: units.office.code, inspector: Self.inspector.code).steps()
            var bar = ProgressBar(total: steps.count, label: "signing and appending a year of reports")
            for (index, step) in steps.enumerated() {
                try appender.append(
                    [try statement(step.event, by: step.department, at: step.accepted, id: step.id)], accepted: step.accepted)
                bar.update(index + 1)
            }
            bar.finish()
        }

        let report = try Verifier.verify(ledger.ledger)
        guard report.isValid else {
            throw CLIError.verificationFailed(
                "the demo ledger did not verify: \(report.failure?.description ?? "torn tail")")
        }
        if !quiet { try printDemoReport(ledger: ledger) }
        print(
            """

            demo ledger: \(ledgerDir)  (\(report.verifiedRecords) records, \(suite.rawValue), head \(report.head.prefix(16))…)
            keys:        \(keyDir)/  (\(keys.count) key pairs; private keys are mode 0600 and ignored by git)

            try next:
              swift run ledger verify -L \(ledgerDir)
              swift run ledger log -L \(ledgerDir) --task 1.6
              swift run ledger report -L \(ledgerDir) --format html -o report.html
              swift run ledger report -L \(ledgerDir) --audit
              # tamper with one record and verify again (it fails and names the record):
              \(try tamperExample(ledger: ledger, directory: ledgerDir))
            """)
    }

    /// Prints the demo's leadership report in the terminal.
    private func printDemoReport(ledger: LedgerDirectory) throws {
        let state = try loadProjection(ledger, cut: .end, options: ProjectionOptions(), useSnapshots: false).state
        print(render(state: state, format: .text, language: .zh, audit: false, color: isatty(1) != 0))
    }

    /// A sed command that changes one progress report's percent: the record it touches is named by verify.
    private func tamperExample(ledger: LedgerDirectory, directory: String) throws -> String {
        var target: (seq: Int, percent: Double)?
        try ledger.ledger.replay(verifySignatures: false) { record, _ in
            if target == nil, record.seq >= 100, case .progress(_, let percent, _, _) = record.signed.statement.event, percent < 90 {
                target = (record.seq, percent)
            }
        }
        guard let target else { return "# (no progress record to tamper with)" }
        let from = JSONValue.canonicalNumber(target.percent)
        return
            "sed -i '\(target.seq + 1)s/\"percent\":\(from)}/\"percent\":95}/' \(directory)/log.jsonl && swift run ledger verify -L \(directory)   # record \(target.seq)"
    }

    private func prepareDirectory() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: dir) {
            let contents = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
            guard contents.isEmpty || force else {
                throw CLIError.input(
                    "\(dir) already exists; pass --force to replace an earlier demo, or choose --dir")
            }
            guard contents.isEmpty || contents.contains(".ledger-demo") else {
                throw CLIError.input(
                    "\(dir) is not an earlier demo (no .ledger-demo marker); refusing to delete it")
            }
            try fm.removeItem(atPath: dir)
        }
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = fm.createFile(
            atPath: dir + "/.ledger-demo", contents: Data("made by `ledger demo`; safe to delete\n".utf8))
    }

    /// Reads an explicit path, or the default relative to the working directory, or to this repository.
    static func read(_ explicit: String?, default relative: String) throws -> Data {
        var candidates = [explicit ?? relative]
        if explicit == nil {
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(repository.appendingPathComponent(relative).path)
        }
        for path in candidates {
            if let data = FileManager.default.contents(atPath: path) { return data }
        }
        throw CLIError.input(
            "cannot read \(candidates[0]); run from the repository root or pass the path")
    }
}
