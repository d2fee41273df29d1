import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// The dashboard as a person sees it: rendered by headless Chromium, without JavaScript.
@Suite("The dashboard in a browser", .temporaryDirectory)
struct DashboardTests {
    /// Chromium from Debian's package; `.ci/run` installs it.
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs headless Chromium on `url`, in a profile inside the test's directory.
    static func chromium(_ arguments: [String], url: String, in cli: LedgerCLI) throws -> Output {
        let binary = try #require(chromium, "chromium is not installed (apt-get install chromium; .ci/run does)")
        return try runProcess(
            URL(fileURLWithPath: binary),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(cli.path("chromium-profile"))", "--window-size=1280,1600",
            ] + arguments + [url],
            in: cli.directory, environment: ["HOME": cli.directory.path])
    }

    @Test(
        "GET / renders in Chromium: a real screenshot, the report's elements, and links from tasks to their records",
        .enabled(if: chromium != nil || Workspace.requiresShared, "chromium is not installed (set CI to make that a failure)"))
    func dashboardInChromium() throws {
        let cli = try LedgerCLI.ledger()
        let server = try ServerProcess(["-L", "L", "--operator-key", "office.key"], in: cli.directory)
        defer { server.stop() }
        try cli.ok(["submit", "--server", server.url, try cli.signProgress("KGXJ", task: "1.2", percent: 35, file: "p.json")])
        let head = try #require(JSONValue.parse(try get(server.url + "/head").body)["head"]?.stringValue)

        let shot = cli.path("dashboard.png")
        let screenshot = try Self.chromium(["--screenshot=\(shot)"], url: server.url + "/", in: cli)
        #expect(screenshot.status == 0, "\(screenshot.stderr)")
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
        #expect(png.count > 20_000, "a \(png.count)-byte screenshot is too small to show the report")

        let dom = try Self.chromium(["--dump-dom"], url: server.url + "/", in: cli)
        #expect(dom.status == 0, "\(dom.stderr)")
        // It needs no JavaScript because it has none: everything is in the HTML the server sent.
        #expect(!dom.stdout.contains("<script"))
        for element in ["平江县打好经济增长主动仗工作台账", "工作推进情况报告", "任务清单", head, "<a href=\"/tasks/1.2\">1.2</a>", "class=\"bar\""] {
            #expect(dom.stdout.contains(element), "the dashboard's DOM lacks \(element)")
        }

        // The task's history lists its records, each linking to its page; the record page shows its log line.
        let history = try Self.chromium(["--dump-dom"], url: server.url + "/tasks/1.2", in: cli)
        #expect(history.stdout.contains("任务办理记录"))
        #expect(history.stdout.contains("<a href=\"/records/10\">#10</a>"), "\(history.stdout.prefix(400))")
        let record = try Self.chromium(["--dump-dom"], url: server.url + "/records/10", in: cli)
        let line = try #require(String(decoding: try cli.read("L/log.jsonl"), as: UTF8.self).split(separator: "\n").last)
        let statementID = try #require(JSONValue.parse(String(line))["statement"]?["id"]?.stringValue)
        #expect(record.stdout.contains(statementID))
        #expect(record.stdout.contains("<a href=\"/tasks/1.2\">1.2</a>"))
    }
}
