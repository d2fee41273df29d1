import LedgerCore
import LedgerCrypto

/// Writes an inspector's alarm evidence: a directory `<evidence>/<time>/` with
/// - `alarm.txt`: what was found, in a sentence;
/// - `cosigned-checkpoint`: the checkpoint the inspector cosigned before (the office's signature on it);
/// - `offered-checkpoint`: the checkpoint the ledger shows now (the office's signature on it);
/// - `consistency-proof.json`: the proof the ledger gave between them, when it gave one (FORMAT.md §12.6);
/// - `first-differing-record.json`: when the ledger directory still has an old tree that gives the
///   cosigned root (§12.7), the first record the log no longer has unchanged: its seq, the hash the
///   cosigned tree has there, and the line the log has there now (if any).
/// Two checkpoints signed by the office that no consistency proof can join are themselves the proof of
/// a rewrite: anyone with the office's public key can check both signatures.
struct EvidenceWriter {
    let directory: String
    let now: UInt64

    /// Writes the evidence and returns the alarm naming it (and the first differing record when found).
    func alarm(_ reason: String, cosigned: [UInt8]?, offered: [UInt8], proof: ConsistencyProof?, ledger: Ledger, hasher: MerkleHasher) -> InspectorError {
        let path = directory + "/" + Self.stamp(now)
        var reason = reason
        var difference: (seq: Int, json: [UInt8])?
        if let cosigned, let note = try? SignedNote(parsing: cosigned), let old = try? Checkpoint(text: note.text) {
            difference = Self.firstDifference(old: old, ledger: ledger, hasher: hasher)
            if let seq = difference?.seq { reason += "; record \(seq) is the first that differs from the tree this inspector cosigned" }
        }
        do {
            try FileIO.makeDirectories(path)
            try FileIO.writeAtomically(path + "/alarm.txt", Array((reason + "\n").utf8), durable: true)
            if let cosigned { try FileIO.writeAtomically(path + "/cosigned-checkpoint", cosigned, durable: true) }
            try FileIO.writeAtomically(path + "/offered-checkpoint", offered, durable: true)
            if let proof { try FileIO.writeAtomically(path + "/consistency-proof.json", proof.fileBytes, durable: true) }
            if let difference { try FileIO.writeAtomically(path + "/first-differing-record.json", difference.json, durable: true) }
            return .alarm(reason, evidence: path)
        } catch {
            return .alarm(reason, evidence: "\(path) (could not be completed: \(error))")
        }
    }

    /// The first record of the cosigned tree the log no longer has, when an old tree in the ledger
    /// directory gives the cosigned root (the rule of FORMAT.md §12.7), as a JSON line.
    static func firstDifference(old: Checkpoint, ledger: Ledger, hasher: MerkleHasher) -> (seq: Int, json: [UInt8])? {
        var lines: [[UInt8]] = []
        _ = try? ledger.forEachLine(from: 0) { (line, _) throws(LedgerError) in
            if lines.count < old.size { lines.append(line) }
        }
        for root in [ledger.directory, ledger.directory + "/cache/previous"] {
            let statePath = root == ledger.directory ? root + "/cache/tree" : root + "/tree"
            guard let bytes = try? FileIO.read(statePath), let state = try? JSONValue.parse(bytes.last == 0x0A ? Array(bytes.dropLast()) : bytes),
                let size = state["size"]?.intValue, size >= old.size,
                let store = try? TileStore(root: root, hasher: hasher, leafCount: size), let leaves = try? store.leafHashes(count: old.size)
            else { continue }
            var range = CompactRange(hasher: hasher)
            for leaf in leaves { range.append(leaf) }
            guard range.root == old.rootHash else { continue }
            for (seq, leaf) in leaves.enumerated() where seq >= lines.count || hasher.leafHash(lines[seq]) != leaf {
                var object: [String: JSONValue] = ["seq": .number(Double(seq)), "cosignedHash": .string(Hex.encode(leaf))]
                if seq < lines.count {
                    object["logHash"] = .string(Hex.encode(hasher.leafHash(lines[seq])))
                    object["logRecord"] = .string(String(decoding: lines[seq], as: UTF8.self))
                }
                return (seq, JSONValue.object(object).canonicalBytes + [0x0A])
            }
        }
        return nil
    }

    /// `20261130T004500Z`.
    static func stamp(_ seconds: UInt64) -> String {
        String(Timestamp(secondsSinceEpoch: Int64(seconds)).description.unicodeScalars.filter { $0 != "-" && $0 != ":" })
    }
}
