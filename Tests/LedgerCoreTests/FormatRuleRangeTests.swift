import Testing

@testable import LedgerCore

/// `FormatRule.checkTime` and `checkDay` are range checks; their definition (FORMAT.md §2.2) is that the
/// one spelling reads back as the same value. Both are compared here around the ends of the range and
/// at seeded instants across and beyond it.
@Suite("Time and date rules as ranges")
struct FormatRuleRangeTests {
    static func byDefinition(_ t: Timestamp) -> Bool { Timestamp(t.description) == t }
    static func byDefinition(_ d: CalendarDay) -> Bool {
        guard let back = CalendarDay(d.description) else { return false }
        return back == d && back.description == d.description
    }

    static func accepted(_ t: Timestamp) -> Bool { (try? FormatRule.checkTime(t, field: "time")) != nil }
    static func accepted(_ d: CalendarDay) -> Bool { (try? FormatRule.checkDay(d, field: "deadline")) != nil }

    @Test("checkTime accepts exactly the instants whose spelling reads back")
    func times() {
        let first = Timestamp("0000-01-01T00:00:00Z")!.secondsSinceEpoch, last = Timestamp("9999-12-31T23:59:59Z")!.secondsSinceEpoch
        var instants: [Int64] = []
        for edge in [first, last, 0] { instants += (-3...3).map { edge + $0 } + (-3...3).map { edge + $0 * 86_400 } }
        var random = SplitMix64(seed: 2026)
        instants += (0..<5_000).map { _ in Int64(bitPattern: random.next()) % (4 * (last - first)) }
        var inside = 0
        for s in instants {
            let t = Timestamp(secondsSinceEpoch: s)
            #expect(Self.accepted(t) == Self.byDefinition(t), "\(s)")
            if Self.accepted(t) { inside += 1 }
        }
        #expect(inside > 100 && inside < instants.count - 100)
    }

    @Test("checkDay accepts exactly the days whose spelling reads back")
    func days() {
        let first = CalendarDay("0000-01-01")!.daysSinceEpoch, last = CalendarDay("9999-12-31")!.daysSinceEpoch
        var days: [Int] = []
        for edge in [first, last, 0] { days += (-400...400).map { edge + $0 } }
        var random = SplitMix64(seed: 1130)
        days += (0..<5_000).map { _ in Int(Int64(bitPattern: random.next()) % Int64(4 * (last - first))) }
        var inside = 0
        for n in days {
            let d = CalendarDay(daysSinceEpoch: n)
            #expect(Self.accepted(d) == Self.byDefinition(d), "\(n)")
            if Self.accepted(d) { inside += 1 }
        }
        #expect(inside > 100 && inside < days.count - 100)
    }

    @Test("reads a time or a date only in its one spelling")
    func spellings() {
        #expect(Timestamp("2023-03-01T08:00:00Z")?.secondsSinceEpoch == 1_677_657_600)
        for bad in [
            "2023-03-01T08:00:00z", "2023-03-01 08:00:00Z", "2023-03-01T24:00:00Z", "2023-02-29T08:00:00Z", "2023-03-01T08:00:0Z",
            "2023-03-01T08:00:00+08:00", "+023-03-01T08:00:00Z", "2023-03-01T08:00:00.0Z", "2023-3-01T08:00:00Z", "２023-03-01T08:00:00Z", "",
        ] {
            #expect(Timestamp(bad) == nil, "\(bad)")
        }
        #expect(CalendarDay("2024-02-29")?.description == "2024-02-29")
        for bad in ["2023-02-29", "2023-13-01", "2023-00-10", "2023-01-00", "2023/01/01", "23-01-01", "2023-01-1 ", "-023-01-01", "2023-01-01T"] {
            #expect(CalendarDay(bad) == nil, "\(bad)")
        }
    }

    @Test("text's white space is exactly Unicode's White_Space property")
    func whiteSpace() {
        var differ: [UInt32] = []
        var count = 0
        for v in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            if FormatRule.isWhiteSpace(v) != scalar.properties.isWhitespace { differ.append(v) }
            if FormatRule.isWhiteSpace(v) { count += 1 }
        }
        #expect(differ.isEmpty, "\(differ.map { String($0, radix: 16) })")
        #expect(count == 25)
    }

    @Test("the last scalar of a text is read from its UTF-8 as the scalar view reads it")
    func lastScalar() {
        var random = SplitMix64(seed: 12)
        let samples: [String] = [
            "", "a", "推进", "推进\u{3000}", "😀", "a😀", "é", "e\u{301}", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}",
        ]
        var strings = samples
        for _ in 0..<2_000 {
            let count = Int(random.next() % 6)
            strings.append(String(String.UnicodeScalarView((0..<count).compactMap { _ in Unicode.Scalar(UInt32(random.next() % 0x11_0000)) })))
        }
        for s in strings { #expect(FormatRule.lastScalar(s) == s.unicodeScalars.last?.value, "\(s.unicodeScalars.map(\.value))") }
    }
}
