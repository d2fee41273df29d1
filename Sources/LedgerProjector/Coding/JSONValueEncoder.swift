import LedgerCore

/// Encodes `Encodable` values into a ``JSONValue`` tree, so the canonical (RFC 8785) writer can print them.
///
/// Foundation's `JSONEncoder` is not used on purpose: its number spelling and key order are not
/// canonical, and a snapshot's digest is taken over canonical bytes. Integers must fit a double
/// exactly (|n| ≤ 2^53) so they round-trip; a larger one, or a non-finite double, fails the encoding.
struct JSONValueEncoder {
    /// Encodes `value`; throws `EncodingError` for values JSON cannot hold exactly.
    func encode(_ value: some Encodable) throws -> JSONValue {
        let node = EncodingNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: []))
        return node.json
    }
}

/// One value being built; containers fill it in place so nested containers can share it.
final class EncodingNode {
    var single: JSONValue?
    var object: [String: EncodingNode]?
    var array: [EncodingNode]?

    var json: JSONValue {
        if let single { return single }
        if let array { return .array(array.map(\.json)) }
        // A value that wrote nothing encodes as an empty object, as JSONEncoder does.
        return .object((object ?? [:]).mapValues(\.json))
    }
}

/// Turns primitive values into JSON, refusing the ones JSON cannot carry exactly.
enum PrimitiveBox {
    /// The largest magnitude at which every integer is a distinct double.
    static let exactIntegerLimit: Double = 9_007_199_254_740_992

    static func integer(_ value: some BinaryInteger, _ path: [any CodingKey]) throws -> JSONValue {
        guard let double = Double(exactly: value), abs(double) <= exactIntegerLimit else {
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "integer \(value) does not fit a JSON number exactly"))
        }
        return .number(double)
    }

    static func double(_ value: Double, _ path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "\(value) has no JSON form"))
        }
        return .number(value)
    }
}

struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.object == nil { node.object = [:] }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.array == nil { node.array = [] }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue, _ key: Key) {
        let child = EncodingNode()
        child.single = value
        node.object![key.stringValue] = child
    }

    private func child(_ key: Key) -> EncodingNode { child(named: key.stringValue) }

    private func child(named name: String) -> EncodingNode {
        let child = EncodingNode()
        node.object![name] = child
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try PrimitiveBox.double(value, codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try PrimitiveBox.double(Double(value), codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(try PrimitiveBox.integer(value, codingPath + [key]), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(try PrimitiveBox.integer(value, codingPath + [key]), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(try PrimitiveBox.integer(value, codingPath + [key]), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(try PrimitiveBox.integer(value, codingPath + [key]), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(try PrimitiveBox.integer(value, codingPath + [key]), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(try PrimitiveBox.integer(value, codingPath + [key]), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(try PrimitiveBox.integer(value, codingPath + [key]), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(try PrimitiveBox.integer(value, codingPath + [key]), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(try PrimitiveBox.integer(value, codingPath + [key]), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(try PrimitiveBox.integer(value, codingPath + [key]), key) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try value.encode(to: NodeEncoder(node: child(key), codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: child(named: "super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.array!.count }

    private var nextPath: [any CodingKey] { codingPath + [IndexKey(count)] }

    private func append(_ value: JSONValue) {
        let child = EncodingNode()
        child.single = value
        node.array!.append(child)
    }

    private func appendChild() -> EncodingNode {
        let child = EncodingNode()
        node.array!.append(child)
        return child
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try PrimitiveBox.double(value, nextPath)) }
    mutating func encode(_ value: Float) throws { append(try PrimitiveBox.double(Double(value), nextPath)) }
    mutating func encode(_ value: Int) throws { append(try PrimitiveBox.integer(value, nextPath)) }
    mutating func encode(_ value: Int8) throws { append(try PrimitiveBox.integer(value, nextPath)) }
    mutating func encode(_ value: Int16) throws { append(try PrimitiveBox.integer(value, nextPath)) }
    mutating func encode(_ value: Int32) throws { append(try PrimitiveBox.integer(value, nextPath)) }
    mutating func encode(_ value: Int64) throws { append(try PrimitiveBox.integer(value, nextPath)) }
    mutating func encode(_ value: UInt) throws { append(try PrimitiveBox.integer(value, nextPath)) }
    mutating func encode(_ value: UInt8) throws { append(try PrimitiveBox.integer(value, nextPath)) }
    mutating func encode(_ value: UInt16) throws { append(try PrimitiveBox.integer(value, nextPath)) }
    mutating func encode(_ value: UInt32) throws { append(try PrimitiveBox.integer(value, nextPath)) }
    mutating func encode(_ value: UInt64) throws { append(try PrimitiveBox.integer(value, nextPath)) }

    mutating func encode(_ value: some Encodable) throws {
        let path = nextPath
        try value.encode(to: NodeEncoder(node: appendChild(), codingPath: path))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return NodeEncoder(node: appendChild(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return NodeEncoder(node: appendChild(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return NodeEncoder(node: appendChild(), codingPath: path)
    }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.single = .null }
    mutating func encode(_ value: Bool) throws { node.single = .bool(value) }
    mutating func encode(_ value: String) throws { node.single = .string(value) }
    mutating func encode(_ value: Double) throws { node.single = try PrimitiveBox.double(value, codingPath) }
    mutating func encode(_ value: Float) throws { node.single = try PrimitiveBox.double(Double(value), codingPath) }
    mutating func encode(_ value: Int) throws { node.single = try PrimitiveBox.integer(value, codingPath) }
    mutating func encode(_ value: Int8) throws { node.single = try PrimitiveBox.integer(value, codingPath) }
    mutating func encode(_ value: Int16) throws { node.single = try PrimitiveBox.integer(value, codingPath) }
    mutating func encode(_ value: Int32) throws { node.single = try PrimitiveBox.integer(value, codingPath) }
    mutating func encode(_ value: Int64) throws { node.single = try PrimitiveBox.integer(value, codingPath) }
    mutating func encode(_ value: UInt) throws { node.single = try PrimitiveBox.integer(value, codingPath) }
    mutating func encode(_ value: UInt8) throws { node.single = try PrimitiveBox.integer(value, codingPath) }
    mutating func encode(_ value: UInt16) throws { node.single = try PrimitiveBox.integer(value, codingPath) }
    mutating func encode(_ value: UInt32) throws { node.single = try PrimitiveBox.integer(value, codingPath) }
    mutating func encode(_ value: UInt64) throws { node.single = try PrimitiveBox.integer(value, codingPath) }

    mutating func encode(_ value: some Encodable) throws {
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
    }
}

/// The coding key of an array element, for error paths.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "[\(intValue ?? 0)]" }

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}
