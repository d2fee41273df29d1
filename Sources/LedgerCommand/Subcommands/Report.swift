import ArgumentParser
import Foundation
import LedgerCore
import LedgerProjector
import LedgerReport
import LedgerServerAPI
import LedgerStore

/// `ledger report`: the leadership report or the inspector's audit view, in five formats.
struct Report: NetworkCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Print the report (terminal text, markdown, csv, json or a self-contained html page), with --audit the inspector's view, or with --since/--month the 月通报.",
        discussion: """
            Chinese labels by default; --lang en for English. Lights are judged by the ledger's acceptance time at the point shown, \
            under the rules of docs/JUDGEMENT.md. The 月通报 compares the state at the end of the day before the period with the \
            state at its end: newly closed, newly red, extensions, findings, ranking movement.
            """
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var remote: ServerOptions
    var needsNetwork: Bool { remote.server != nil }
    @Option(help: ArgumentHelp("text (default), markdown, csv, json or html.", valueName: "format")) var format = "text"
    @Option(help: ArgumentHelp("zh (default) or en.", valueName: "lang")) var lang = "zh"
    @Flag(help: "The inspector's audit view: findings, late completions, delays with reasons and signers, unreported tasks, silent departments.")
    var audit = false
    @Option(help: ArgumentHelp("月通报: what changed from DATE (YYYY-MM-DD) to the end of the report (the last record, or --as-of).", valueName: "date"))
    var since: String?
    @Option(help: ArgumentHelp("月通报 for one month (YYYY-MM): from its first to its last day.", valueName: "month")) var month: String?
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
            guard since == nil && month == nil else { throw CLIError.input("--since and --month are not served yet; run them on the ledger directory") }
            var query = [("format", reportFormat.rawValue), ("lang", language.rawValue)] + cut.query + projection.query
            if audit { query.append(("audit", "1")) }
            if color { query.append(("color", "1")) }
            text = String(decoding: try client.get("report", query: query), as: UTF8.self)
        } else if since != nil || month != nil {
            text = try bulletin(try location.open(), format: reportFormat, language: language)
        } else {
            let ledger = try location.open()
            let loaded = try loadProjection(ledger, cut: try cut.cut(), options: projection.options)
            text = render(state: loaded.state, format: reportFormat, language: language, audit: audit, color: color)
        }
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else { throw CLIError.input("cannot write \(out)") }
            let view = since != nil || month != nil ? "bulletin" : audit ? "audit view" : "report"
            FileHandleOutput.standardError.write("wrote \(view) (\(reportFormat.rawValue)) to \(out)\n")
        } else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }

    func validate() throws {
        if since != nil && month != nil { throw ValidationError("give --since or --month, not both") }
        if (since != nil || month != nil) && audit { throw ValidationError("--since and --month make the 月通报; it has no --audit view") }
        if month != nil && (cut.at != nil || cut.asOf != nil) { throw ValidationError("--month sets its own end; leave out --at and --as-of") }
    }

    /// The 月通报: two projections of the same ledger, at the end of the day before the period and at its end.
    private func bulletin(_ ledger: LedgerDirectory, format: ReportFormat, language: ReportLanguage) throws -> String {
        let from: CalendarDay, endCut: ProjectionCut
        if let month {
            let (first, last) = try parseMonth(month, option: "--month")
            (from, endCut) = (first, .day(last))
        } else {
            (from, endCut) = (try parseDay(since!, option: "--since"), try cut.cut())
        }
        let after = try loadProjection(ledger, cut: endCut, options: projection.options)
        let before = try loadProjection(ledger, cut: .day(from.adding(days: -1)), options: projection.options)
        let state = after.state
        let to: CalendarDay = if case .day(let day) = endCut { day } else { after.projector.localDay(of: state.asOf) }
        guard from <= to else { throw CLIError.input("--since: \(from) is after the end of the report (\(to))") }
        return ReportRenderer(state: state, language: language).renderBulletin(since: before.state, from: from, to: to, format)
    }
}
