import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerCrypto
import LedgerProjector
import LedgerReport

/// `ledger state`: the projected state, now or at a point in history.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show the tasks' state (status, percent, light) now, --at a record or --as-of a date.",
        discussion:
            "Starts from the newest snapshot that matches the ledger and replays (and verifies) only the records after it. --json prints the state as canonical JSON: the same records always give the same bytes."
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var cut: CutFlags
    @OptionGroup var projection: ProjectionFlags
    @Flag(name: .customLong("no-snapshot"), help: "Replay from genesis even when a snapshot matches.") var noSnapshot = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        let ledger = try location.open()
        let loaded = try loadProjection(ledger, cut: try cut.cut(), options: projection.options, useSnapshots: !noSnapshot)
        let state = loaded.state
        if output.json {
            print(String(decoding: state.canonicalBytes, as: UTF8.self))
            return
        }
        print("\(state.title)  \(state.ledgerID)")
        print(
            "as of \(state.asOf) · records 0…\(state.recordCount - 1) · head \(state.head.prefix(16))…\(loaded.snapshotUsed.map { " · from snapshot \(($0 as NSString).lastPathComponent)" } ?? "")"
        )
        let counts = Dictionary(grouping: state.tasks, by: \.light).mapValues(\.count)
        print("tasks \(state.tasks.count): 🔴 \(counts[.red] ?? 0)  🟡 \(counts[.yellow] ?? 0)  🟢 \(counts[.green] ?? 0)  · findings \(state.findings.count)")
        for task in state.tasks {
            let light = task.light == .red ? "🔴" : task.light == .yellow ? "🟡" : "🟢"
            print(
                "\(light) \(task.id.padding(toLength: 5, withPad: " ", startingAt: 0)) \(task.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(String(format: "%5.1f%%", task.percent))  due \(task.deadline)  \(task.title)  — \(task.lightReason)"
            )
        }
    }
}

/// `ledger report`: the leadership report or the inspector's audit view, in five formats.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the report (terminal text, markdown, csv, json or a self-contained html page), or with --audit the inspector's audit view.",
        discussion: "Chinese labels by default; --lang en for English. Lights are judged by the ledger's acceptance time at the point shown."
    )

    @OptionGroup var location: LedgerLocation
    @Option(help: ArgumentHelp("text (default), markdown, csv, json or html.", valueName: "format")) var format = "text"
    @Option(help: ArgumentHelp("zh (default) or en.", valueName: "lang")) var lang = "zh"
    @Flag(help: "The inspector's audit view: findings, late completions, delays with reasons and signers, unreported tasks, silent departments.")
    var audit = false
    @Flag(help: "Colour the lights in terminal text.") var color = false
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var out: String?
    @OptionGroup var cut: CutFlags
    @OptionGroup var projection: ProjectionFlags

    func run() throws {
        guard let reportFormat = ReportFormat(rawValue: format == "md" ? "markdown" : format) else {
            throw CLIError.input("--format: \"\(format)\" is not text, markdown, csv, json or html")
        }
        guard let language = ReportLanguage(rawValue: lang) else { throw CLIError.input("--lang: \"\(lang)\" is not zh or en") }
        let ledger = try location.open()
        let loaded = try loadProjection(ledger, cut: try cut.cut(), options: projection.options)
        let text = render(state: loaded.state, format: reportFormat, language: language, audit: audit, color: color)
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else { throw CLIError.input("cannot write \(out)") }
            FileHandleOutput.standardError.write("wrote \(audit ? "audit view" : "report") (\(reportFormat.rawValue)) to \(out)\n")
        } else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}

/// Renders a report of a state; the state carries the ledger's offset, section titles and thresholds.
func render(state: ProjectedState, format: ReportFormat, language: ReportLanguage, audit: Bool, color: Bool) -> String {
    let renderer = ReportRenderer(state: state, language: language, color: color)
    return audit ? renderer.renderAudit(format) : renderer.render(format)
}

/// Prints the demo's leadership report in the terminal.
func printDemoReport(ledger: LedgerDirectory) throws {
    let state = try loadProjection(ledger, cut: .end, options: ProjectionOptions(), useSnapshots: false).state
    print(render(state: state, format: .text, language: .zh, audit: false, color: isatty(1) != 0))
}
