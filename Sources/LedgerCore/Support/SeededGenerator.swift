/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator whose every output is fixed by its seed.
///
/// `ledger demo` and the tests draw their simulated data from it, so one seed gives the same demo year
/// and the same test ledgers on every machine, toolchain and release; the standard library's generator
/// promises none of that. The algorithm and its constants are part of that promise: changing them
/// changes every demo. With seed 1234567 the first outputs are 6457827717110365317,
/// 3203168211198807973 and 9817491932198370423.
///
/// Its output is predictable from any one value, so it must never produce keys, statement ids or
/// anything else secret: use `SystemRandomNumberGenerator` for those.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose outputs are determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 bits of the sequence.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
