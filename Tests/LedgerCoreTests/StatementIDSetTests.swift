import Testing

@testable import LedgerCore

/// The compact id set of verification against the standard library's `Set` on the same ids.
@Suite("Statement id set")
struct StatementIDSetTests {
    @Test("holds, finds and lists exactly the ids a Set does, the all-zero id and duplicates included")
    func agreesWithSet() {
        var random = SplitMix64(seed: 99)
        var compact = StatementIDSet()
        var reference = Set<StatementKey>()
        // Small values collide in the high half and are near the all-zero id; random ones spread.
        var keys = (0..<50_000).map { _ in StatementKey(high: random.next(), low: random.next()) }
        keys += (0..<2_000).map { StatementKey(high: 0, low: UInt64($0)) } + (0..<2_000).map { StatementKey(high: UInt64($0), low: 0) }
        keys += keys.prefix(5_000)
        for key in keys {
            #expect(compact.contains(key) == reference.contains(key))
            #expect(compact.insert(key) == reference.insert(key).inserted)
        }
        #expect(compact.count == reference.count)
        #expect(Set(compact) == reference)
        #expect(Array(compact).count == reference.count)
        #expect(!compact.contains(StatementKey(high: 1, low: 1)) || reference.contains(StatementKey(high: 1, low: 1)))
    }
}
