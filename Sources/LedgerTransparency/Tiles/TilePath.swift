/// A resource of a C2SP tlog-tiles log (https://c2sp.org/tlog-tiles) named by its path below the log's
/// prefix: a hash tile `tile/<L>/<N>[.p/<W>]` or an entry bundle `tile/entries/<N>[.p/<W>]`
/// (FORMAT.md §12.2, §12.11).
///
/// One parser and one printer, for the server that answers the paths, the mirror that asks for them
/// and the tile store that writes them: `<N>` is the index in groups of three digits, all but the last
/// prefixed `x` (1234067 → `x001/x234/067`), with no leading `x000` group; `<W>` is 1…255 without
/// leading zeros (a full tile has no `.p/`); `<L>` is 0…63 without leading zeros.
public struct TilePath: Sendable, Hashable, CustomStringConvertible {
    /// What the path names.
    public enum Kind: Sendable, Hashable {
        /// Hashes of tree level 8·`level`.
        case hashes(level: Int)
        /// The log's entries (records).
        case entries
    }

    public let kind: Kind
    /// The tile's index `<N>` at its level.
    public let index: Int
    /// Hashes or entries in the tile: 256 for a full tile, 1…255 for a partial one.
    public let width: Int

    /// The highest tile level tlog-tiles allows.
    public static let maxLevel = 63

    public init(kind: Kind, index: Int, width: Int = TileStore.width) {
        self.kind = kind
        self.index = index
        self.width = width
    }

    /// Whether the tile is full (its bytes never change) rather than a partial right edge.
    public var isFull: Bool { width == TileStore.width }

    /// The path as tlog-tiles spells it, relative to the log's prefix (`tile/0/x001/234.p/7`).
    public var description: String {
        let level: String
        switch kind {
        case .hashes(let l): level = String(l)
        case .entries: level = "entries"
        }
        return "tile/\(level)/" + Self.indexPath(index) + (isFull ? "" : ".p/\(width)")
    }

    /// `<N>` in groups of three digits, all but the last prefixed `x`.
    public static func indexPath(_ index: Int) -> String {
        var groups: [String] = []
        var n = index
        repeat {
            let group = String(n % 1000)
            groups.append(String(repeating: "0", count: 3 - group.count) + group)
            n /= 1000
        } while n > 0
        groups.reverse()
        return groups.enumerated().map { $0.offset < groups.count - 1 ? "x" + $0.element : $0.element }.joined(separator: "/")
    }

    /// Parses a path relative to the log's prefix (`tile/…`, no leading slash).
    /// - Throws: `.malformedFile` naming what is wrong: a server answers it with 400.
    public init(parsing path: String) throws(TransparencyError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0] == "tile" else { throw .malformedFile("\(path): a tile path is tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]") }
        let kind: Kind
        if parts[1] == "entries" {
            kind = .entries
        } else {
            guard let level = Self.decimal(parts[1]), level <= Self.maxLevel else {
                throw .malformedFile("\(path): the level \"\(parts[1])\" is not a number from 0 to \(Self.maxLevel) without leading zeros")
            }
            kind = .hashes(level: level)
        }
        var rest = Array(parts[2...])
        var width = TileStore.width
        if rest.count >= 2, rest[rest.count - 2].hasSuffix(".p") {
            guard let w = Self.decimal(rest[rest.count - 1]), w >= 1, w < TileStore.width else {
                throw .malformedFile("\(path): the partial width \"\(rest[rest.count - 1])\" is not a number from 1 to 255 without leading zeros")
            }
            width = w
            rest.removeLast()
            rest[rest.count - 1].removeLast(2)
        }
        var index = 0
        for (position, group) in rest.enumerated() {
            let last = position == rest.count - 1
            let digits = last ? Substring(group) : (group.hasPrefix("x") ? group.dropFirst() : "")
            guard digits.utf8.count == 3, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .malformedFile(
                    "\(path): the index element \"\(group)\" is not \(last ? "three digits" : "x and three digits") (tlog-tiles: 1234067 is x001/x234/067)")
            }
            guard position > 0 || digits != "000" || last else { throw .malformedFile("\(path): the index has a leading x000 element") }
            guard index <= (Int.max - 999) / 1000 else { throw .malformedFile("\(path): the index is too large") }
            index = index * 1000 + Int(digits)!
        }
        self.init(kind: kind, index: index, width: width)
    }

    /// A decimal number without sign or leading zeros (`0` itself allowed), at most 18 digits.
    private static func decimal(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 18, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        guard bytes.count == 1 || bytes[0] != UInt8(ascii: "0") else { return nil }
        return Int(text)
    }
}
