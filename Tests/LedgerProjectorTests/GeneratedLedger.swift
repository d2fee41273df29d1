import LedgerCore
import LedgerCrypto
import LedgerProjector

extension LedgerBuilder {
    /// A ledger of about `count` records from `seed`: six departments, twelve tasks (ids 1.1…1.10, 2.1,
    /// 2.2), a plan, progress with metrics, legal and illegal delays, on-time and late completions,
    /// reports after completion, and a key rotation. No randomness except from the seed.
    static func generated(seed: UInt64, count: Int = 150, suite: Suite = .ed25519sha256) throws -> LedgerBuilder {
        var rng = SplitMix64(seed: seed)
        var b = try LedgerBuilder(suite: suite, start: at("2023-01-01T00:00:00Z"))
        let departments = ["SWJ", "ZJJ", "NYJ", "WLJ", "CZJ", "JYJ"]
        for code in departments { try b.enrol(code) }
        let metrics = [("新增限额以上企业", "家"), ("旅游接待总人次", "万人次"), ("土地收储", "亩"), ("全省排名", "名")]
        try b.plan([
            PlanTarget(scope: "headline", target: Target(metric: "新增限额以上企业", value: 40, unit: "家")),
            PlanTarget(scope: "1", target: Target(metric: "旅游接待总人次", value: 1000, unit: "万人次", comparator: .moreThan)),
        ])
        let ids = (1...10).map { "1.\($0)" } + ["2.1", "2.2"]
        var responsible: [String: [String]] = [:]
        for id in ids {
            let shuffled = departments.shuffled(using: &rng)
            let lead = Array(shuffled.prefix(1)), co = Array(shuffled.dropFirst().prefix(Int.random(in: 0...2, using: &rng)))
            let deadline = CalendarDay(year: 2023, month: 3, day: 31)!.adding(days: Int.random(in: 0...270, using: &rng))
            let (metric, unit) = metrics[Int.random(in: 0..<metrics.count, using: &rng)]
            let comparator: Comparator = unit == "名" ? .atMost : .atLeast
            let targets =
                Bool.random(using: &rng)
                ? [Target(metric: metric, value: Double(Int.random(in: 5...100, using: &rng)), unit: unit, comparator: comparator)] : []
            try b.assign(id, lead: lead, co: co, deadline: deadline.description, targets: targets, section: String(id.prefix(1)))
            responsible[id] = lead + co
        }
        var live = b.project()
        var time = b.lastAccepted
        while b.records.count < count {
            time = time.adding(seconds: Int64.random(in: 3600...(4 * 86_400), using: &rng))
            // Mostly open tasks; now and then any task, so reports after completion occur too.
            let open = live.state().tasks.filter { $0.status != .completed }.map(\.id)
            let pool = open.isEmpty || Int.random(in: 0..<10, using: &rng) == 0 ? ids : open
            let id = pool[Int.random(in: 0..<pool.count, using: &rng)]
            let by = responsible[id]!.randomElement(using: &rng)!
            let task = live.state().task(id)!
            var roll = Int.random(in: 0..<100, using: &rng)
            if (72..<88).contains(roll), task.percent < 40 { roll = 0 }
            switch roll {
            case 0..<55:
                let step = Double(Int.random(in: -5...35, using: &rng))
                var values: [MetricValue] = []
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    let (metric, unit) = metrics[Int.random(in: 0..<metrics.count, using: &rng)]
                    values = [MetricValue(metric: metric, value: Double(Int.random(in: 1...120, using: &rng)) / 2, unit: unit)]
                }
                try b.progress(id, by: by, percent: min(100, max(0, task.percent + step)), metrics: values, at: time)
            case 55..<72:
                // Mostly later dates; now and then an earlier one, which replay must find.
                let shift = Int.random(in: -15...60, using: &rng)
                let reason = "原因\(Int.random(in: 1...9, using: &rng))"
                try b.append(.delayed(task: id, reason: reason, until: task.deadline.adding(days: shift)), by: by, at: time)
            case 72..<88:
                try b.complete(id, by: by, at: time)
            case 88..<90:
                try b.rotate(departments[Int.random(in: 0..<departments.count, using: &rng)], at: time)
            default:
                time = time.adding(seconds: Int64.random(in: 0...(20 * 86_400), using: &rng))
                try b.progress(id, by: by, percent: task.percent, at: time)
            }
            live.apply(b.records.last!)
        }
        return b
    }
}
