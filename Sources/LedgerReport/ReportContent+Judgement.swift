import LedgerCore
import LedgerProjector

/// How every format words a target and a value judged against it (docs/JUDGEMENT.md, rule T):
/// `城镇居民收入增长：7.6%，目标8%以上（低于目标0.4个百分点）`, `全省县域经济考核排名：第16名，目标前13名（差3名）`,
/// `举办外贸企业业务知识培训班：1期，目标计划2期（差1期）`, `新增“四上”企业：120家，目标150家以上（完成80%，差30家）`.
extension ReportContent {
    /// A unit as written after a number: `百分点` reads `个百分点` in Chinese.
    func unitText(_ unit: String) -> String {
        language == .zh && FormatRule.same(unit, "百分点") ? "个百分点" : unit
    }

    /// A value in its unit, without a space (420亿元, 8%); a place in a ranking reads `第16名`.
    func value(_ value: Double, unit: String) -> String {
        if FormatRule.same(unit, "名") { return language == .zh ? "第\(number(value))名" : "#\(number(value))" }
        return number(value) + unitText(unit)
    }

    /// Kept for callers that join a unit to a number they format themselves: the unit, no space.
    func unitSuffix(_ unit: String) -> String { unitText(unit) }

    /// A target as written in a plan: `新增限额以上企业 40家以上`.
    func target(_ target: Target) -> String {
        "\(target.metric) \(bound(target))"
    }

    /// Just the bound, in the plan's words: `40家以上`, `突破100亿元`, `1个百分点左右`, `计划2期`, `前13名`.
    func bound(_ target: Target) -> String {
        let v = number(target.value), u = unitText(target.unit)
        let rank = FormatRule.same(target.unit, "名")
        switch language {
        case .zh:
            switch target.comparator {
            case .atLeast: return "\(v)\(u)以上"
            case .moreThan: return "突破\(v)\(u)"
            case .about: return "\(v)\(u)左右"
            case .equal: return "计划\(v)\(u)"
            case .atMost: return rank ? "前\(v)名" : "不超过\(v)\(u)"
            }
        case .en:
            switch target.comparator {
            case .atLeast: return "≥\(v)\(u)"
            case .moreThan: return ">\(v)\(u)"
            case .about: return "≈\(v)\(u)"
            case .equal: return "planned \(v)\(u)"
            case .atMost: return rank ? "top \(v)" : "≤\(v)\(u)"
            }
        }
    }

    /// A judged value in words: the gap in 百分点, places or the unit, and the ratio where it means something.
    func judged(_ j: TargetJudgement, _ target: Target) -> String {
        let gap = number(abs(j.gap))
        let u = unitText(target.unit)
        let zh = language == .zh
        switch j.kind {
        case .rate:
            let points = zh ? "\(gap)个百分点" : "\(gap) points"
            if j.gap > 0 { return zh ? "高于目标\(points)" : "\(points) above target" }
            if j.gap == 0 {
                if !j.met { return zh ? "持平，未突破目标" : "level, not above target" }
                return zh ? "达到目标" : "target reached"
            }
            if j.met, let tolerance = j.tolerance {
                return zh ? "低于目标\(points)，在左右允差\(number(tolerance))个百分点内" : "\(points) below, within the ±\(number(tolerance)) tolerance"
            }
            return zh ? "低于目标\(points)" : "\(points) below target"
        case .rank:
            if j.gap < 0 { return zh ? "优于目标\(gap)名" : "\(gap) places ahead of target" }
            if j.met { return zh ? "达到目标" : "target reached" }
            return zh ? "差\(gap)名" : "\(gap) places short"
        case .plannedCount:
            if j.gap > 0 { return zh ? "超计划\(gap)\(u)" : "\(gap)\(u) over plan" }
            if j.met { return zh ? "按计划完成" : "as planned" }
            return zh ? "差\(gap)\(u)" : "\(gap)\(u) short"
        case .quantity:
            let ratio = j.ratio.map { zh ? "完成\(achievement($0))" : "\(achievement($0)) of target" }
            var parts: [String] = ratio.map { [$0] } ?? []
            if !j.met {
                if j.gap == 0 {
                    parts.append(zh ? "持平，未突破目标" : "level, not above target")
                } else {
                    parts.append(j.gap > 0 ? (zh ? "超出\(gap)\(u)" : "\(gap)\(u) over") : (zh ? "差\(gap)\(u)" : "\(gap)\(u) short"))
                }
            } else if j.gap < 0, let tolerance = j.tolerance {
                parts.append(zh ? "在左右允差\(number(tolerance))\(u)内" : "within the ±\(number(tolerance))\(u) tolerance")
            }
            if parts.isEmpty { parts.append(zh ? "达到目标" : "target reached") }
            return parts.joined(separator: zh ? "，" : ", ")
        }
    }

    /// A metric's latest value against its target: `城镇居民收入增长：7.6%，目标8%以上（低于目标0.4个百分点）`;
    /// a value without a target is shown alone.
    func metric(_ metric: MetricState) -> String {
        let zh = language == .zh
        let shown = metric.latest.map { value($0, unit: metric.unit) } ?? "—"
        guard let target = metric.target else { return metric.metric + colon + shown }
        let judged = metric.judgement.map { self.judged($0, target) } ?? label(.notReported)
        let goal = zh ? "目标\(bound(target))" : "target \(bound(target))"
        let note = zh ? "（\(judged)）" : " (\(judged))"
        return metric.metric + colon + (metric.latest == nil ? goal : shown + (zh ? "，" : ", ") + goal) + note
    }

    /// A plan indicator's result: its one value, or each unit's when they disagree and nobody owns it.
    /// With a 责任单位 the owner's value is the result, named as the owner's, and every other unit's is
    /// listed beside it per source (各单位报送), never merged into it:
    /// `231万美元（责任单位：贸促会；各单位报送：发改局 279万美元）`.
    func indicatorResult(_ item: PlanTargetState) -> String {
        let zh = language == .zh
        if let owner = item.owner {
            let shown = item.latest.map { value($0, unit: item.target.unit) } ?? label(.notReported)
            var notes = [label(.owner) + colon + name(owner)]
            let others = item.sources.filter { !FormatRule.same($0.department, owner) }
            if !others.isEmpty {
                let each = others.map { "\(name($0.department)) \(value($0.value, unit: item.target.unit))" }
                notes.append(label(.alsoReported) + colon + each.joined(separator: zh ? "，" : ", "))
            }
            return shown + (zh ? "（\(notes.joined(separator: "；"))）" : " (\(notes.joined(separator: "; ")))")
        }
        if let latest = item.latest { return value(latest, unit: item.target.unit) }
        guard item.conflicting else { return label(.notReported) }
        let each = item.sources.map { "\(name($0.department)) \(value($0.value, unit: item.target.unit))" }
        return each.joined(separator: language == .zh ? "；" : "; ")
    }

    /// A plan indicator's judgement in words, or why there is none.
    func indicatorJudged(_ item: PlanTargetState) -> String {
        if let j = item.judgement { return judged(j, item.target) }
        return item.conflicting ? label(.conflicting) : "—"
    }

    /// The bar a judged value gets: filled by the ratio where one means something, else nil (no bar
    /// for a rate or a rank, whose gap the words state).
    func ratioBar(_ j: TargetJudgement?) -> String? {
        guard let ratio = j?.ratio else { return nil }
        return bar(ratio * 100)
    }
}
