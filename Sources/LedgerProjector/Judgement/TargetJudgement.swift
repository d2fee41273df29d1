import LedgerCore

/// A reported value judged against its target by the target's comparator and unit, as a 督办 office
/// reads it (docs/JUDGEMENT.md, rule T): a growth rate 7.6 % against ≥8 % is 0.4 百分点 short, not
/// "95 %"; 16th place against 前13名 is three places short, not "81 %".
///
/// The achievement ratio (latest ÷ target) exists only where it means something: a quantity or a
/// planned count towards a positive target, from a value that is not negative.
public struct TargetJudgement: Sendable, Hashable, Codable {
    /// How the unit makes a value read.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A rate or a growth rate (`%`, `百分点`): the gap is stated in 百分点, no ratio.
        case rate
        /// A place in a ranking (`名`): lower is better; the gap is stated in places.
        case rank
        /// A planned count (`=`: 计划2期, 3宗): met once the count is reached; more is 超计划.
        case plannedCount = "planned-count"
        /// A quantity (亿元, 家, 亩 …): the gap in the unit, and the ratio.
        case quantity

        /// The kind a target's unit and comparator give.
        public static func of(_ target: Target) -> Kind {
            if FormatRule.same(target.unit, "%") || FormatRule.same(target.unit, "百分点") { return .rate }
            if FormatRule.same(target.unit, "名") { return .rank }
            return target.comparator == .equal ? .plannedCount : .quantity
        }
    }

    public var kind: Kind
    /// Whether the value meets the target under its comparator (`>` strictly, `~` within ``tolerance``).
    public var met: Bool
    /// latest − target in the target's unit (百分点 for rates, places for ranks: positive is behind).
    public var gap: Double
    /// latest ÷ target for quantities and planned counts towards a positive target from a non-negative
    /// value; nil for rates, ranks, caps (`<=`) and anything else where a ratio would mislead.
    public var ratio: Double?
    /// The absolute tolerance a `~` (左右) target was judged with; nil for other comparators.
    public var tolerance: Double?

    public init(kind: Kind, met: Bool, gap: Double, ratio: Double?, tolerance: Double?) {
        self.kind = kind
        self.met = met
        self.gap = gap
        self.ratio = ratio
        self.tolerance = tolerance
    }

    /// Judges `latest` against `target`; `aboutTolerance` is ``ProjectionOptions/aboutTolerance`` (percent of the target).
    public static func judge(latest: Double, target: Target, aboutTolerance: Double) -> TargetJudgement {
        let kind = Kind.of(target)
        let gap = clean(latest - target.value)
        var tolerance: Double?
        let met: Bool
        switch target.comparator {
        case .atLeast: met = gap >= 0
        case .moreThan: met = gap > 0
        case .about:
            // 左右 is an approximate aim, not a ceiling: within the tolerance below it, or above it.
            let allowed = clean(abs(target.value) * aboutTolerance / 100)
            tolerance = allowed
            met = gap >= -allowed
        case .equal: met = gap >= 0
        case .atMost: met = gap <= 0
        }
        var ratio: Double?
        if kind == .quantity || kind == .plannedCount, target.comparator != .atMost, target.value > 0, latest >= 0 {
            ratio = latest / target.value
        }
        return TargetJudgement(kind: kind, met: met, gap: gap, ratio: ratio, tolerance: tolerance)
    }

    /// Rounds away binary noise (7.6 − 8 = −0.40000000000000036) to 10 decimals.
    static func clean(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return (value * 1e10).rounded() / 1e10
    }
}

extension Target {
    /// Whether the target can only be judged on published annual statistics (docs/JUDGEMENT.md, rule S):
    /// a rate or growth, a money total, visitor numbers or a ranking, which statistics bureaus publish
    /// after the year ends. Counts of firms, projects, land and events are known to the unit itself.
    public var isAnnualStatistic: Bool {
        ["%", "百分点", "亿元", "万元", "万美元", "万人次", "名"].contains { FormatRule.same(unit, $0) }
    }
}
