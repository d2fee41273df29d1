import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign indicator-owner-designated` / `append indicator-owner-designated`: the office names the unit
/// whose reported value is a plan indicator's value, so values reported from two places are not merged.
struct IndicatorOwnerDesignatedOptions: EventOptions {
    static let type = "indicator-owner-designated"
    static let abstract =
        "Designate (office) the responsible unit (责任单位) of a headline or section indicator of the plan: its reported value is the indicator's value; other units' values are listed per source. A later designation replaces an earlier one."

    @Option(help: ArgumentHelp("headline (主要目标) or the plan section id, as in the plan's targets.", valueName: "scope")) var scope: String
    @Option(help: ArgumentHelp("The indicator, exactly as the plan's target names it (e.g. 实际到位外资).", valueName: "metric")) var metric: String
    @Option(help: ArgumentHelp("The responsible unit's code; an enrolled unit.", valueName: "code")) var unit: String

    func event(suite: Suite) throws -> Event { .indicatorOwnerDesignated(scope: scope, metric: metric, department: unit) }
}
