import Testing

@testable import LedgerReport

@Suite("Display width of terminal text")
struct ReportDisplayWidthTests {
    @Test(
        "CJK and fullwidth characters take two columns, ASCII one",
        arguments: [
            ("", 0), ("abc", 3), ("平江", 4), ("平江county", 10), ("（一）激发", 10), ("商务粮食局 SWLSJ", 16),
            ("🔴 red", 6), ("e\u{301}", 1), ("ｆｕｌｌ", 8), ("██░░  40%", 9), ("한국", 4), ("かな", 4),
        ])
    func widths(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test("ANSI colour escapes take no columns")
    func ansiIsInvisible() {
        #expect(DisplayWidth.of("\u{1B}[31m● 逾期\u{1B}[0m") == 6)
    }

    @Test("Padding fills to a display width on either side")
    func padding() {
        #expect(DisplayWidth.pad("发改局", to: 8) == "发改局  ")
        #expect(DisplayWidth.pad("42", to: 5, right: true) == "   42")
        #expect(DisplayWidth.pad("too wide", to: 3) == "too wide")
    }

    @Test("Wrapping never exceeds the width and keeps every character", arguments: [4, 7, 10, 16])
    func wrapping(width: Int) {
        let text = "Grow firms, \"above quota\" 新增限上企业（40家）以上 and more words"
        let lines = DisplayWidth.wrap(text, width: width)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= width })
        #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
    }

    @Test("Wrapping keeps closing punctuation off the start of a line")
    func kinsoku() {
        let lines = DisplayWidth.wrap("新增企业：23 / ≥40 家（58%）", width: 16)
        #expect(!lines.contains { $0.hasPrefix("）") || $0.hasPrefix("，") })
        #expect(!lines.contains { $0.hasSuffix("（") })
    }

    @Test("Truncation ends in an ellipsis within the width")
    func truncation() {
        #expect(DisplayWidth.truncate("开展系列消费促进活动", to: 9) == "开展系列…")
        #expect(DisplayWidth.truncate("short", to: 9) == "short")
    }
}
