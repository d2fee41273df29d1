import LedgerProjector
import Testing

@testable import LedgerReport

@Suite("Self-contained HTML")
struct ReportHTMLTests {
    @Test("Log text is escaped: a title holding a script tag cannot run", arguments: [true, false])
    func escaping(audit: Bool) {
        let r = ReportFixture.renderer()
        let html = audit ? r.renderAudit(.html) : r.render(.html)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        if !audit { #expect(html.contains("Grow firms, &quot;above quota&quot;")) }
    }

    @Test("The escaper handles all five special characters")
    func escaper() {
        #expect(HTMLPage.escape(#"<a href="x">Tom & 'Jerry'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
    }

    @Test("Nothing is fetched: no links, scripts, images, imports or URLs", arguments: ReportLanguage.allCases)
    func selfContained(language: ReportLanguage) {
        let r = ReportFixture.renderer(language)
        for html in [r.render(.html), r.renderAudit(.html)] {
            for forbidden in ["<link", "<script", "<img", "@import", "url(", "http://", "https://", "src="] {
                #expect(!html.contains(forbidden), "\(forbidden)")
            }
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<style>"))
            #expect(html.contains("<meta charset=\"utf-8\">"))
            #expect(html.contains("\"Noto Sans CJK SC\""))
            #expect(html.contains("@media print"))
        }
    }

    @Test("The page declares its language", arguments: [(ReportLanguage.zh, "zh-CN"), (.en, "en")])
    func lang(language: ReportLanguage, tag: String) {
        #expect(ReportFixture.renderer(language).render(.html).contains("<html lang=\"\(tag)\">"))
    }

    @Test("Cards count the lights and rows carry light dots, progress and achievement bars")
    func widgets() {
        let html = ReportFixture.renderer().render(.html)
        #expect(html.contains("<div class=\"card red\"><div class=\"num\">2</div>"))
        #expect(html.contains("<div class=\"card yellow\"><div class=\"num\">2</div>"))
        #expect(html.contains("<div class=\"card green\"><div class=\"num\">3</div>"))
        #expect(html.contains("<tr class=\"light-red\"><td class=\"id\">2.2</td>"))
        #expect(html.contains("<span class=\"fill-red\" style=\"width:45%\"></span>"))
        #expect(html.contains("<span class=\"fill-blue\" style=\"width:70%\"></span>"), "1.1: 14 of 20")
        #expect(html.contains("<span class=\"fill-done\" style=\"width:100%\"></span>"), "2.3: 12 of 10, capped")
        #expect(html.contains("征地拆迁未完成"), "delay reasons among the audit highlights")
    }
}
