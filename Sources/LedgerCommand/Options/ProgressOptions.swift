import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign progress` / `append progress`: percent done and metric values.
struct ProgressOptions: EventOptions {
    static let type = "progress"
    static let abstract = "Report progress on a task: percent done and, optionally, metric values."

    @Option(help: "The task id, e.g. 1.6.") var task: String
    @Option(help: "Percent done, 0 to 100.") var percent: DecimalArgument
    @Option(help: ArgumentHelp("A metric value, written METRIC=VALUE UNIT, e.g. '新增限额以上企业=23 家'. Repeatable.", valueName: "metric=value unit"))
    var metric: [String] = []
    @Option(help: "A note for readers.") var note: String?

    func event(suite: Suite) throws -> Event {
        .progress(task: task, percent: percent.value, metrics: try metric.map(parseMetric), note: note)
    }
}
