import LedgerCore
import Testing

@Suite("The seeded generator")
struct SeededGeneratorTests {
    @Test("SplitMix64 gives the reference implementation's outputs, so a seed means the same data everywhere")
    func referenceSequence() {
        // Computed outside Swift from the published algorithm (Vigna's splitmix64.c) for seed 1234567.
        var generator = SplitMix64(seed: 1_234_567)
        let outputs = (0..<5).map { _ in generator.next() }
        #expect(
            outputs == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423, 4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
    }

    @Test("Two generators with the same seed agree, and different seeds differ from the first value")
    func seedDecides() {
        var a = SplitMix64(seed: 2023), b = SplitMix64(seed: 2023), c = SplitMix64(seed: 2024)
        let first = a.next()
        #expect(first == b.next())
        #expect(first != c.next())
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    }
}
