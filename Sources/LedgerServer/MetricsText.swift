/// `GET /metrics`: what each served ledger's appender has done since the server started, in the
/// Prometheus text exposition format (version 0.0.4), which a county's monitoring scrapes as it is.
///
/// Written here rather than through swift-metrics and a Prometheus backend: four series do not justify
/// two more packages in every build, and the format is a few lines of text.
enum MetricsText {
    /// The content type Prometheus asks for this format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The metrics of `ledgers`, one series per ledger (label `ledger`, its id).
    static func render(_ ledgers: [(id: String, counts: AppendCounts)]) -> String {
        var text = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: [(String, String)], value: Int)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples {
                let labels = sample.labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",")
                text += "\(name){\(labels)} \(sample.value)\n"
            }
        }
        family(
            "ledger_server_submissions_total", "counter",
            "Submissions (one POST /statements each, all or none) the appender answered since the server started: accepted, refused by the admission rules, or failed by the server's own fault (the log could not be written, or a seal it made did not verify).",
            ledgers.flatMap { ledger in
                [("accepted", ledger.counts.accepted), ("refused", ledger.counts.refused), ("failed", ledger.counts.failed)].map {
                    (labels: [("ledger", ledger.id), ("outcome", $0.0)], value: $0.1)
                }
            })
        family(
            "ledger_server_records_appended_total", "counter", "Records this server appended to the log since it started.",
            ledgers.map { (labels: [("ledger", $0.id)], value: $0.counts.records) })
        family(
            "ledger_server_append_rounds_total", "counter",
            "Append rounds that wrote records since the server started; each is one write and one fdatasync of the log, so records over rounds is how many submissions shared a sync.",
            ledgers.map { (labels: [("ledger", $0.id)], value: $0.counts.rounds) })
        family(
            "ledger_server_log_records", "gauge", "Records in the log after the server's last append round (at start, as the server found it).",
            ledgers.map { (labels: [("ledger", $0.id)], value: $0.counts.logRecords) })
        return text
    }

    /// A label value as the format writes it: backslash, double quote and line feed escaped.
    static func escapeLabel(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
