/// The statement ids seen so far, at about 16 bytes an id: the one part of verification that grows with
/// the ledger.
///
/// A `Set<StatementKey>` keeps its load under 3/4 and doubles, so a million ids take 32 MB and 48 MB
/// while it grows. This is an open-addressing table (linear probing) of the ids' two 64-bit halves in one
/// flat array, kept at most 4/5 full and grown by 1/4 (a million ids: 20–25 MB, 16 bytes a slot).
/// Slots are chosen by a randomly seeded `Hasher`, since ids are chosen by signers: crafted ids cannot make
/// probing slow. The all-zero id, a valid id, is kept apart because an all-zero slot means empty.
struct StatementIDSet: Sendable {
    /// `2 * capacity` words: slot `i` is `slots[2i]` (high half) and `slots[2i + 1]` (low half).
    private var slots: [UInt64] = []
    private var capacity = 0
    private(set) var count = 0
    private var holdsZero = false

    init() {}

    private func slot(of key: StatementKey) -> Int {
        var hasher = Hasher()
        hasher.combine(key.high)
        hasher.combine(key.low)
        let h = UInt64(UInt(bitPattern: hasher.finalize()))
        // Multiply-shift onto 0..<capacity, which need not be a power of two.
        return Int(h.multipliedFullWidth(by: UInt64(capacity)).high)
    }

    func contains(_ key: StatementKey) -> Bool {
        if key.high == 0 && key.low == 0 { return holdsZero }
        guard capacity > 0 else { return false }
        var i = slot(of: key)
        while true {
            let high = slots[2 * i], low = slots[2 * i + 1]
            if high == key.high && low == key.low { return true }
            if high == 0 && low == 0 { return false }
            i += 1
            if i == capacity { i = 0 }
        }
    }

    /// Adds `key`; false if it was already there.
    @discardableResult
    mutating func insert(_ key: StatementKey) -> Bool {
        if key.high == 0 && key.low == 0 {
            defer { holdsZero = true }
            if holdsZero { return false }
            count += 1
            return true
        }
        if (count + 1) * 5 > capacity * 4 { grow() }
        var i = slot(of: key)
        while true {
            let high = slots[2 * i], low = slots[2 * i + 1]
            if high == key.high && low == key.low { return false }
            if high == 0 && low == 0 {
                slots[2 * i] = key.high
                slots[2 * i + 1] = key.low
                count += 1
                return true
            }
            i += 1
            if i == capacity { i = 0 }
        }
    }

    private mutating func grow() {
        let old = slots, oldCapacity = capacity
        capacity = Swift.max(64, oldCapacity + oldCapacity / 4)
        slots = Array(repeating: 0, count: 2 * capacity)
        for i in 0..<oldCapacity {
            let high = old[2 * i], low = old[2 * i + 1]
            guard high != 0 || low != 0 else { continue }
            var j = slot(of: StatementKey(high: high, low: low))
            while slots[2 * j] != 0 || slots[2 * j + 1] != 0 {
                j += 1
                if j == capacity { j = 0 }
            }
            slots[2 * j] = high
            slots[2 * j + 1] = low
        }
    }
}

extension StatementIDSet: Sequence {
    /// The ids in no particular order (the admission cache sorts them into buckets).
    func makeIterator() -> some IteratorProtocol<StatementKey> {
        var i = 0
        var zeroPending = holdsZero
        let slots = self.slots, capacity = self.capacity
        return AnyIterator<StatementKey> {
            if zeroPending {
                zeroPending = false
                return StatementKey(high: 0, low: 0)
            }
            while i < capacity {
                defer { i += 1 }
                let high = slots[2 * i], low = slots[2 * i + 1]
                if high != 0 || low != 0 { return StatementKey(high: high, low: low) }
            }
            return nil
        }
    }
}
