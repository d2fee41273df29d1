import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto

/// The options that describe one kind of task event, shared by `sign` and `append`.
protocol EventOptions: ParsableArguments {
    static var type: String { get }
    static var abstract: String { get }
    /// Builds the event; `suite` is the signer key's suite (evidence files are hashed with it).
    func event(suite: Suite) throws -> Event
}

struct ProgressOptions: EventOptions {
    static let type = "progress"
    static let abstract = "Report progress on a task: percent done and, optionally, metric values."

    @Option(help: "The task id, e.g. 1.6.") var task: String
    @Option(help: "Percent done, 0 to 100.") var percent: Double
    @Option(help: ArgumentHelp("A metric value, written METRIC=VALUE UNIT, e.g. '新增限额以上企业=23 家'. Repeatable.", valueName: "metric=value unit"))
    var metric: [String] = []
    @Option(help: "A note for readers.") var note: String?

    func event(suite: Suite) throws -> Event {
        .progress(task: task, percent: percent, metrics: try metric.map(parseMetric), note: note)
    }
}

struct CompletedOptions: EventOptions {
    static let type = "completed"
    static let abstract = "Report a task completed, with the digests of evidence files."

    @Option(help: "The task id.") var task: String
    @Option(help: ArgumentHelp("An evidence file; its digest (the ledger suite's hash) is recorded, not its content. Repeatable.", valueName: "file"))
    var evidence: [String] = []
    @Option(
        name: .customLong("evidence-digest"), help: ArgumentHelp("An evidence digest computed elsewhere, written NAME=HEX. Repeatable.", valueName: "name=hex"))
    var evidenceDigest: [String] = []
    @Option(help: "A note for readers.") var note: String?

    func event(suite: Suite) throws -> Event {
        var items: [Evidence] = []
        for path in evidence {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.input("--evidence: cannot read \(path)") }
            items.append(Evidence(name: (path as NSString).lastPathComponent, digest: Hex.encode(suite.hash([UInt8](data)))))
        }
        for text in evidenceDigest {
            guard let eq = text.lastIndex(of: "=") else { throw CLIError.input("--evidence-digest: \"\(text)\" is not NAME=HEX") }
            items.append(Evidence(name: String(text[..<eq]), digest: String(text[text.index(after: eq)...])))
        }
        guard !items.isEmpty else { throw CLIError.input("a completion needs at least one --evidence FILE or --evidence-digest NAME=HEX") }
        return .completed(task: task, evidence: items, note: note)
    }
}

struct DelayedOptions: EventOptions {
    static let type = "delayed"
    static let abstract = "Report that a task will be late: the reason and the new expected date."

    @Option(help: "The task id.") var task: String
    @Option(help: "Why the task is late.") var reason: String
    @Option(help: ArgumentHelp("The new expected completion date, YYYY-MM-DD.", valueName: "date")) var until: String

    func event(suite: Suite) throws -> Event {
        .delayed(task: task, reason: reason, until: try parseDay(until, option: "--until"))
    }
}

struct AssignedOptions: EventOptions {
    static let type = "assigned"
    static let abstract = "Assign a task (operator only): title, responsible departments, deadline, targets."

    @Option(help: "The task id, e.g. 1.6.") var task: String
    @Option(help: "The task's title.") var title: String
    @Option(help: "The plan section, e.g. 1.") var section: String?
    @Option(help: ArgumentHelp("Lead departments (牵头), comma-separated codes.", valueName: "codes")) var lead: String = ""
    @Option(help: ArgumentHelp("Co-responsible departments (负责), comma-separated codes.", valueName: "codes")) var co: String = ""
    @Option(help: ArgumentHelp("The deadline, YYYY-MM-DD.", valueName: "date")) var deadline: String
    @Option(help: ArgumentHelp("A target, written METRIC>=VALUE UNIT (comparators >=, >, ~, =, <=). Repeatable.", valueName: "target"))
    var target: [String] = []

    func event(suite: Suite) throws -> Event {
        let split: (String) -> [String] = { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        return .assigned(
            task: task,
            Assignment(
                title: title, section: section, lead: split(lead), co: split(co),
                deadline: try parseDay(deadline, option: "--deadline"), targets: try target.map(parseTarget)))
    }
}

/// `新增限额以上企业=23 家` → metric, 23, 家.
func parseMetric(_ text: String) throws -> MetricValue {
    do { return try MetricValue(parsing: text) } catch { throw CLIError.input("--metric: \(error.reason)") }
}

/// `新增限额以上企业>=40 家` → metric, >=, 40, 家.
func parseTarget(_ text: String) throws -> Target {
    do { return try Target(parsing: text) } catch { throw CLIError.input("--target: \(error.reason)") }
}
