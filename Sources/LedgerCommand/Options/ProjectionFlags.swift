import ArgumentParser
import LedgerProjector

/// `--warning-days`, `--tolerance`, `--silence-days`: how lights and silence are judged.
struct ProjectionFlags: ParsableArguments {
    @Option(name: .customLong("warning-days"), help: "Yellow when a task is due within this many days.") var warningDays = 30
    @Option(help: ArgumentHelp("Yellow when percent is this many points behind the straight-line schedule.", valueName: "points")) var tolerance =
        DecimalArgument(10)
    @Option(name: .customLong("silence-days"), help: "A department is silent after this many days without a report.") var silenceDays = 60

    /// The same judgement as a served ledger's query parameters.
    var query: [(String, String)] {
        let options = self.options
        return [
            ("warning-days", "\(options.warningDays)"), ("tolerance", "\(options.scheduleTolerance)"), ("silence-days", "\(options.silenceDays)"),
        ]
    }

    var options: ProjectionOptions { ProjectionOptions(warningDays: warningDays, scheduleTolerance: tolerance.value, silenceDays: silenceDays) }
}
