import LedgerCore
import LedgerProjector
import Testing

@Suite("One natural order of ids")
struct NaturalOrderTests {
    /// Pairs in the order they must sort, including the pairs the old dotted-number order of the
    /// reports got the other way round (`9a`/`10`) or could not order at all (`1.01`/`1.1`).
    static let ordered: [(String, String)] = [
        ("1.2", "1.10"), ("2", "10"), ("9a", "10"), ("1.1", "1.01"), ("2", "02"), ("01.2", "1.10"), ("1", "1.1"),
        ("1.10", "1.10.1"), ("1.9", "1.10"), ("1.1", "1.1a"), ("1-2", "1.1"), ("a", "b"), ("section2", "section10"),
    ]

    @Test("Numeric runs compare by value, then by length; other characters by scalar", arguments: ordered)
    func pair(first: String, second: String) {
        #expect(NaturalOrder.precedes(first, second))
        #expect(!NaturalOrder.precedes(second, first))
        #expect(!NaturalOrder.precedes(first, first))
    }

    @Test("The order is total: every permutation of the ids sorts the same way")
    func total() {
        let ids = ["10", "9a", "1.01", "1.1", "1.10", "1.2", "01.2", "2", "02", "1"]
        let expected = ["1", "1.1", "1.01", "1.2", "01.2", "1.10", "2", "02", "9a", "10"]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<50 {
            #expect(ids.shuffled(using: &generator).sorted(by: NaturalOrder.precedes) == expected)
        }
    }

    @Test("The state lists tasks in the same order", arguments: [["10", "9a"], ["1.1", "1.01"], ["1.01", "1.1"]])
    func stateOrder(ids: [String]) throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        for id in ids { try b.assign(id, lead: ["SWJ"], deadline: "2023-12-31") }
        #expect(b.project().state().tasks.map(\.id) == ids.sorted(by: NaturalOrder.precedes))
    }
}
