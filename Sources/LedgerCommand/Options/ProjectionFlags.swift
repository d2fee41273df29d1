import ArgumentParser
import LedgerProjector

/// `--warning-days`, `--tolerance`, `--serious-lag`, `--silence-days`, `--about-tolerance`, `--statistics-days`:
/// the thresholds of docs/JUDGEMENT.md.
struct ProjectionFlags: ParsableArguments {
    @Option(name: .customLong("warning-days"), help: "Yellow when a task is due within this many days.") var warningDays = 30
    @Option(help: ArgumentHelp("Yellow when percent is this many points behind the straight-line schedule.", valueName: "points")) var tolerance =
        DecimalArgument(10)
    @Option(name: .customLong("silence-days"), help: "A unit is silent, and a task nobody reports on red, after this many days without a report.")
    var silenceDays = 60
    @Option(
        name: .customLong("serious-lag"),
        help: ArgumentHelp("Red (严重滞后) when percent is this many points behind 序时进度.", valueName: "points")) var seriousLag = DecimalArgument(20)
    @Option(
        name: .customLong("about-tolerance"),
        help: ArgumentHelp("A 左右 (~) target is met within this percent of its value below it.", valueName: "percent")) var aboutTolerance = DecimalArgument(10)
    @Option(name: .customLong("statistics-days"), help: "Days after a year-end deadline a task settled by annual statistics waits for them (待年终统计).")
    var statisticsDays = 90

    /// The same judgement as a served ledger's query parameters.
    var query: [(String, String)] {
        let options = self.options
        return [
            ("warning-days", "\(options.warningDays)"), ("tolerance", "\(options.scheduleTolerance)"), ("serious-lag", "\(options.seriousLag)"),
            ("silence-days", "\(options.silenceDays)"), ("about-tolerance", "\(options.aboutTolerance)"), ("statistics-days", "\(options.statisticsDays)"),
        ]
    }

    var options: ProjectionOptions {
        ProjectionOptions(
            warningDays: warningDays, scheduleTolerance: tolerance.value, seriousLag: seriousLag.value, silenceDays: silenceDays,
            aboutTolerance: aboutTolerance.value, statisticsDays: statisticsDays)
    }
}
