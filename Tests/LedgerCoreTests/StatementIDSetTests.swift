import Testing

@testable import LedgerCore

/// The compact id set of verification against the standard library's `Set` on the same ids.
@Suite("Statement id set")
struct StatementIDSetTests {
    @Test("holds, finds and lists exactly the ids a Set does, the all-zero id and duplicates included")
    func agreesWithSet() {
        var random = SplitMix64(seed: 99)
        var compact = StatementIDSet()
        compact.reserveCapacity(10_000)
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

    @Test("reads an id from hex as Hex.decode does, and refuses what it refuses")
    func keyFromHex() {
        var random = SplitMix64(seed: 7)
        let digits = Array("0123456789abcdefABCDEFg ".utf8)
        for n in 0..<5_000 {
            let length = n % 10 == 0 ? Int(random.next() % 40) : 32
            let hex = String(decoding: (0..<length).map { _ in digits[Int(random.next() % UInt64(n % 3 == 0 ? digits.count : 16))] }, as: UTF8.self)
            let old = Hex.decode(hex).flatMap { $0.count == 16 ? StatementKey(bytes: $0[...]) : nil }
            #expect(StatementKey(hex) == old, "\(hex)")
        }
    }
}
