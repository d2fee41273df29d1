import LedgerProjector

/// The few lines `ledger state` prints: title, cut, counts of lights, and one line per task.
///
/// It lives here, not in the command, so that `ledger state` on a directory and `ledger state --server`
/// (which asks the server for `state?format=text`) print the same bytes for the same state.
public enum StateSummary {
    /// The summary of `state`; `snapshot` names the snapshot the replay started from, if any.
    public static func text(_ state: ProjectedState, snapshot: String? = nil) -> String {
        var out = "\(state.title)  \(state.ledgerID)\n"
        out += "as of \(state.asOf) · records 0…\(state.recordCount - 1) · head \(state.head.prefix(16))…\(snapshot.map { " · from snapshot \($0)" } ?? "")\n"
        let red = state.tasks.count { $0.light == .red }
        let yellow = state.tasks.count { $0.light == .yellow }
        let green = state.tasks.count { $0.light == .green }
        out += "tasks \(state.tasks.count): 🔴 \(red)  🟡 \(yellow)  🟢 \(green)  · findings \(state.findings.count)\n"
        for task in state.tasks {
            let light = task.light == .red ? "🔴" : task.light == .yellow ? "🟡" : "🟢"
            out +=
                "\(light) \(pad(task.id, 5)) \(pad(task.status.rawValue, 11)) \(percent(task.percent))  due \(task.deadline)  \(task.title)  — \(task.lightReason)\n"
        }
        return out
    }

    /// Left-aligned in `width` characters, cut when longer.
    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }

    /// `%5.1f%%`: one decimal (ties to even, as printf), right-aligned in five characters.
    private static func percent(_ value: Double) -> String {
        guard value.isFinite else { return "  nan%" }
        let tenths = Int((value * 10).rounded(.toNearestOrEven))
        let sign = tenths < 0 ? "-" : ""
        let text = "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
        return String(repeating: " ", count: max(0, 5 - text.count)) + text + "%"
    }
}
