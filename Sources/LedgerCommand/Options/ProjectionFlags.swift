import ArgumentParser
import LedgerProjector

/// `--warning-days`, `--tolerance`, `--silence-days`: how lights and silence are judged.
struct ProjectionFlags: ParsableArguments {
    @Option(name: .customLong("warning-days"), help: "Yellow when a task is due within this many days.") var warningDays = 30
    @Option(help: ArgumentHelp("Yellow when percent is this many points behind the straight-line schedule.", valueName: "points")) var tolerance = DecimalArgument(10)
    @Option(name: .customLong("silence-days"), help: "A department is silent after this many days without a report.") var silenceDays = 60

    var options: ProjectionOptions { ProjectionOptions(warningDays: warningDays, scheduleTolerance: tolerance.value, silenceDays: silenceDays) }
}
