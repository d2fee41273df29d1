import Foundation
import LedgerTestSupport
import Testing

/// The dashboard's screenshots are only evidence if the Chinese on them is readable: without a CJK font
/// Chromium draws every Han character as the same empty box, and a screenshot of 督查督办 shows nothing.
@Suite("Chinese text in the browser's screenshots", .temporaryDirectory)
struct ChineseFontTests {
    /// Screenshots `text` at 64 px in headless Chromium and returns the PNG's bytes.
    static func screenshot(_ text: String, in directory: URL) throws -> Data {
        let binary = try #require(DashboardTests.chromium, "chromium is not installed (apt-get install chromium; .ci/run does)")
        let name = "text-\(UUID().uuidString)"
        let page = directory.appendingPathComponent("\(name).html")
        let shot = directory.appendingPathComponent("\(name).png")
        let html = "<!doctype html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0;background:#fff\">"
            + "<p style=\"font-size:64px;margin:0\">\(text)</p></body></html>"
        try Data(html.utf8).write(to: page)
        let output = try runProcess(
            URL(fileURLWithPath: binary),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(directory.appendingPathComponent("chromium-profile").path)", "--window-size=300,120",
                "--screenshot=\(shot.path)", page.absoluteString,
            ],
            in: directory, environment: ["HOME": directory.path])
        #expect(output.status == 0, "\(output.stderr)")
        return try Data(contentsOf: shot)
    }

    @Test(
        "two different Chinese words render as two different images (a CJK font is installed; .ci/run installs fonts-wqy-zenhei)",
        .enabled(if: DashboardTests.chromium != nil || Workspace.requiresShared, "chromium is not installed (set CI to make that a failure)"))
    func hanCharactersHaveGlyphs() throws {
        let directory = try TemporaryDirectory.make("font")
        let first = try Self.screenshot("督查", in: directory)
        let second = try Self.screenshot("办结", in: directory)
        #expect(first.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        // Without a CJK font both words are two identical boxes and the two screenshots are the same bytes.
        #expect(first != second, "督查 and 办结 render identically: no font with Han glyphs (apt-get install fonts-wqy-zenhei)")
    }
}
