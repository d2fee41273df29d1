import ArgumentParser
import Foundation
import LedgerClient
import LedgerReport
import LedgerStore

/// `ledger report`: the leadership report or the inspector's audit view, in five formats.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the report (terminal text, markdown, csv, json or a self-contained html page), or with --audit the inspector's audit view.",
        discussion: "Chinese labels by default; --lang en for English. Lights are judged by the ledger's acceptance time at the point shown."
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var remote: ServerOptions
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
        let text: String
        if let client = try remote.client() {
            var query = [("format", reportFormat.rawValue), ("lang", language.rawValue)] + cut.query + projection.query
            if audit { query.append(("audit", "1")) }
            if color { query.append(("color", "1")) }
            text = String(decoding: try client.get("report", query: query), as: UTF8.self)
        } else {
            let ledger = try location.open()
            let loaded = try loadProjection(ledger, cut: try cut.cut(), options: projection.options)
            text = render(state: loaded.state, format: reportFormat, language: language, audit: audit, color: color)
        }
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else { throw CLIError.input("cannot write \(out)") }
            FileHandleOutput.standardError.write("wrote \(audit ? "audit view" : "report") (\(reportFormat.rawValue)) to \(out)\n")
        } else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
