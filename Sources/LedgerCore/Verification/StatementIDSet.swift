/// The statement ids seen so far, at about 16 bytes an id: the one part of verification that grows with
/// the ledger.
///
/// A `Set<StatementKey>` keeps its load under 3/4 and doubles, so a million ids take 32 MB and 48 MB
/// while it grows. This is open addressing (linear probing) of the ids' two 64-bit halves in flat arrays,
/// each at most 4/5 full, doubled while small and then grown by 1/4 (a million ids: 20–25 MB, 16 bytes a slot, and 1/64 of that
/// more while a shard grows). The all-zero id, a valid id, is kept apart because an all-zero slot means empty.
struct StatementIDSet: Sendable {
    /// 64 independent tables, chosen by the top bits of the id's hash: each grows on its own, so growing
    /// copies 1/64 of the ids at a time instead of holding the old and the new table of all of them.
    private var shards = [Shard](repeating: Shard(), count: 64)
    private(set) var count = 0
    private var holdsZero = false

    init() {}

    /// A randomly seeded hash of the id (ids are chosen by signers: crafted ids must not make probing slow).
    static func hash(_ key: StatementKey) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(key.high)
        hasher.combine(key.low)
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    func contains(_ key: StatementKey) -> Bool { contains(key, hash: Self.hash(key)) }

    /// ``contains(_:)`` with the key's ``hash(_:)`` already computed (a verifier asks, then inserts).
    func contains(_ key: StatementKey, hash h: UInt64) -> Bool {
        if key.high == 0 && key.low == 0 { return holdsZero }
        return shards[Int(h >> 58)].contains(key, hash: h)
    }

    /// Adds `key`; false if it was already there.
    @discardableResult
    mutating func insert(_ key: StatementKey) -> Bool { insert(key, hash: Self.hash(key)) }

    /// ``insert(_:)`` with the key's ``hash(_:)`` already computed.
    @discardableResult
    mutating func insert(_ key: StatementKey, hash h: UInt64) -> Bool {
        if key.high == 0 && key.low == 0 {
            defer { holdsZero = true }
            if holdsZero { return false }
            count += 1
            return true
        }
        guard shards[Int(h >> 58)].insert(key, hash: h) else { return false }
        count += 1
        return true
    }

    /// Sizes the tables for `n` ids at once (restoring a saved state), so they are not grown step by step.
    mutating func reserveCapacity(_ n: Int) {
        let perShard = n / shards.count + 1
        for i in shards.indices { shards[i].reserve(perShard) }
    }

    /// One open-addressing table: `2 * capacity` words, slot `i` is `slots[2i]` (high half) and
    /// `slots[2i + 1]` (low half); an all-zero slot is empty.
    fileprivate struct Shard: Sendable {
        var slots: [UInt64] = []
        var capacity = 0
        var count = 0

        /// Multiply-shift of the hash's low 58 bits onto 0..<capacity, which need not be a power of two.
        private func slot(_ hash: UInt64) -> Int {
            Int((hash << 6).multipliedFullWidth(by: UInt64(capacity)).high)
        }

        func contains(_ key: StatementKey, hash: UInt64) -> Bool {
            guard capacity > 0 else { return false }
            var i = slot(hash)
            while true {
                let high = slots[2 * i], low = slots[2 * i + 1]
                if high == key.high && low == key.low { return true }
                if high == 0 && low == 0 { return false }
                i += 1
                if i == capacity { i = 0 }
            }
        }

        mutating func insert(_ key: StatementKey, hash: UInt64) -> Bool {
            if (count + 1) * 5 > capacity * 4 { grow() }
            var i = slot(hash)
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

        /// Doubles while a shard is small (4,096 slots a shard is 4 MB in all, nothing beside the goal of
        /// 64 MB at a million ids), then grows by 1/4: fewer rehashes of a small ledger's ids, the same
        /// memory for a large one.
        private mutating func grow() { resize(to: capacity < 4096 ? Swift.max(16, 2 * capacity) : capacity + capacity / 4) }

        /// Room for `n` ids without growing.
        mutating func reserve(_ n: Int) {
            if n * 5 > capacity * 4 { resize(to: n * 5 / 4 + 1) }
        }

        private mutating func resize(to newCapacity: Int) {
            let old = slots, oldCapacity = capacity
            capacity = newCapacity
            slots = []
            slots = Array(repeating: 0, count: 2 * capacity)
            count = 0
            for i in 0..<oldCapacity where old[2 * i] != 0 || old[2 * i + 1] != 0 {
                let key = StatementKey(high: old[2 * i], low: old[2 * i + 1])
                _ = insert(key, hash: StatementIDSet.hash(key))
            }
        }
    }
}

extension StatementIDSet: Sequence {
    /// The ids in no particular order (the admission cache sorts them into buckets).
    func makeIterator() -> some IteratorProtocol<StatementKey> {
        var ids: [StatementKey] = holdsZero ? [StatementKey(high: 0, low: 0)] : []
        ids.reserveCapacity(count)
        for shard in shards {
            for i in 0..<shard.capacity where shard.slots[2 * i] != 0 || shard.slots[2 * i + 1] != 0 {
                ids.append(StatementKey(high: shard.slots[2 * i], low: shard.slots[2 * i + 1]))
            }
        }
        return ids.makeIterator()
    }
}
