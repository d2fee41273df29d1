import LedgerCrypto

/// The signature types a ledger's notes use, with the identifier bytes that go into key ids and vkeys.
///
/// Ed25519 uses the C2SP-assigned bytes (`0x01` for a log's signature, `0x04` for a timestamped
/// cosignature, https://c2sp.org/tlog-cosignature), so Go's `sumdb/note` and transparency-dev tools
/// verify them. C2SP assigns no byte to SM2; it reserves `0xff` for "signature types without an
/// identifier byte assigned by this specification … followed by a longer identifier that is unlikely
/// to collide". So SM2 types are `0xff` followed by an ASCII identifier naming this format
/// (FORMAT.md §12.4): never a byte C2SP may assign later.
public enum NoteSignatureType: Sendable, Hashable, CaseIterable {
    /// Ed25519 over the note text (C2SP signed-note, type `0x01`).
    case ed25519
    /// Timestamped Ed25519 cosignature (C2SP tlog-cosignature v1, type `0x04`).
    case ed25519Cosignature
    /// SM2 with SM3 and signer ID `1234567812345678` over the note text, DER signature.
    case sm2
    /// Timestamped SM2 cosignature: the tlog-cosignature v1 message and payload, signed with SM2.
    case sm2Cosignature

    /// `0xff ‖ "accountability-ledger/sm2-sm3/note"`.
    public static let sm2Identifier: [UInt8] = [0xff] + Array("accountability-ledger/sm2-sm3/note".utf8)
    /// `0xff ‖ "accountability-ledger/sm2-sm3/cosignature"`.
    public static let sm2CosignatureIdentifier: [UInt8] = [0xff] + Array("accountability-ledger/sm2-sm3/cosignature".utf8)

    /// The type identifier bytes: one byte for C2SP-assigned types, `0xff` and a name for SM2.
    public var identifier: [UInt8] {
        switch self {
        case .ed25519: [0x01]
        case .ed25519Cosignature: [0x04]
        case .sm2: NoteSignatureType.sm2Identifier
        case .sm2Cosignature: NoteSignatureType.sm2CosignatureIdentifier
        }
    }

    /// The suite whose keys make this type's signatures.
    public var suite: Suite {
        switch self {
        case .ed25519, .ed25519Cosignature: .ed25519sha256
        case .sm2, .sm2Cosignature: .sm2sm3
        }
    }

    /// Whether signatures carry a timestamp and sign the cosignature/v1 message.
    public var isCosignature: Bool { self == .ed25519Cosignature || self == .sm2Cosignature }

    /// A log's (operator's) note signature type for a ledger of `suite`.
    public static func note(_ suite: Suite) -> NoteSignatureType { suite == .ed25519sha256 ? .ed25519 : .sm2 }
    /// An inspector's cosignature type for a ledger of `suite`.
    public static func cosignature(_ suite: Suite) -> NoteSignatureType { suite == .ed25519sha256 ? .ed25519Cosignature : .sm2Cosignature }
}

/// A public key that checks one kind of note signature, under one key name.
///
/// The key id is C2SP's recommended derivation for every type:
/// `SHA-256(name ‖ 0x0A ‖ type identifier ‖ public key)[:4]`, where the public key is the 32-byte
/// Ed25519 key (RFC 8032) or the 91-byte SM2 SubjectPublicKeyInfo DER (FORMAT.md §2.3).
public struct NoteVerifier: Sendable, Hashable {
    public let name: String
    public let type: NoteSignatureType
    public let key: VerifyingKey
    /// The 4-byte key id, big-endian.
    public let keyID: UInt32

    /// A key name is non-empty and has no Unicode space and no `+` (C2SP signed-note).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }

    /// The public key bytes that go into key ids and vkeys: raw 32 bytes for Ed25519, SPKI DER for SM2.
    public static func keyMaterial(_ key: VerifyingKey) -> [UInt8] {
        key.suite == .ed25519sha256 ? Array(key.derRepresentation.suffix(32)) : key.derRepresentation
    }

    /// `SHA-256(name ‖ 0x0A ‖ identifier ‖ key material)[:4]` as a big-endian integer.
    public static func keyID(name: String, type: NoteSignatureType, key: VerifyingKey) -> UInt32 {
        let digest = Suite.ed25519sha256.hash(Array(name.utf8) + [0x0A] + type.identifier + keyMaterial(key))
        return digest.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// A verifier for `key` under `name`.
    /// - Throws: `.malformedKey` when the name is invalid or the key is not of the type's suite.
    public init(name: String, type: NoteSignatureType, key: VerifyingKey) throws(TransparencyError) {
        guard Self.isValidName(name) else { throw .malformedKey("\"\(name)\" is not a key name (empty, or with a space or +)") }
        guard key.suite == type.suite else { throw .malformedKey("a \(key.suite.rawValue) key cannot make \(type) signatures") }
        self.name = name
        self.type = type
        self.key = key
        self.keyID = Self.keyID(name: name, type: type, key: key)
    }

    /// Parses a vkey, `<name>+<hex key id>+base64(type identifier ‖ key material)`, checking that the
    /// key id is the one the name, type and key give.
    public init(vkey: String) throws(TransparencyError) {
        let parts = vkey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].utf8.count == 8, let id = UInt32(parts[1], radix: 16),
            let blob = NoteBase64.decode(String(parts[2]))
        else { throw .malformedKey("\"\(vkey)\" is not <name>+<8 hex digits>+<base64>") }
        guard let type = NoteSignatureType.allCases.first(where: { blob.starts(with: $0.identifier) }) else {
            throw .malformedKey("the vkey of \(parts[0]) has an unknown signature type \(blob.first.map { String($0, radix: 16) } ?? "")")
        }
        let material = Array(blob.dropFirst(type.identifier.count))
        let key: VerifyingKey
        do {
            if type.suite == .ed25519sha256 {
                guard material.count == 32 else { throw TransparencyError.malformedKey("an Ed25519 vkey holds 32 bytes, not \(material.count)") }
                key = try VerifyingKey(derRepresentation: NoteVerifier.ed25519Prefix + material)
            } else {
                key = try VerifyingKey(derRepresentation: material)
            }
        } catch let error as TransparencyError {
            throw error
        } catch {
            throw .malformedKey("the vkey of \(parts[0]) holds no usable key: \(error)")
        }
        try self.init(name: String(parts[0]), type: type, key: key)
        guard keyID == id else { throw .malformedKey("the vkey of \(name) says key id \(parts[1]), but its key gives \(keyIDHex)") }
    }

    /// The DER prefix of an Ed25519 SubjectPublicKeyInfo (FORMAT.md §2.3).
    static let ed25519Prefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// The vkey text Go's `note.NewVerifier` reads (for Ed25519 types).
    public var vkey: String { "\(name)+\(keyIDHex)+\(NoteBase64.encode(type.identifier + Self.keyMaterial(key)))" }

    /// The key id as 8 lowercase hex digits.
    public var keyIDHex: String { Self.hex(keyID) }

    static func hex(_ id: UInt32) -> String {
        let digits = String(id, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// The message a signature of this type signs over note `text`: the text itself, or for a
    /// cosignature `cosignature/v1\ntime <t>\n` and the text (C2SP tlog-cosignature).
    public static func signedMessage(type: NoteSignatureType, text: [UInt8], timestamp: UInt64?) -> [UInt8] {
        guard type.isCosignature, let timestamp else { return text }
        return Array("cosignature/v1\ntime \(timestamp)\n".utf8) + text
    }

    /// The timestamp a cosignature carries (its first 8 payload bytes, big-endian); nil for other types
    /// or a payload too short to hold one.
    public func timestamp(of signature: NoteSignature) -> UInt64? {
        guard type.isCosignature, signature.payload.count > 8 else { return nil }
        return signature.payload.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// Whether `signature` is this key's valid signature over note `text` (name and key id included).
    public func isValidSignature(_ signature: NoteSignature, text: [UInt8]) -> Bool {
        guard signature.name == name, signature.keyID == keyID else { return false }
        if type.isCosignature {
            guard let timestamp = timestamp(of: signature), timestamp <= UInt64(Int64.max) else { return false }
            return key.isValidSignature(Array(signature.payload.dropFirst(8)), for: Self.signedMessage(type: type, text: text, timestamp: timestamp))
        }
        return key.isValidSignature(signature.payload, for: text)
    }
}

/// A private key that makes note signatures of one type under one name.
public struct NoteSigner: Sendable {
    public let verifier: NoteVerifier
    let key: SigningKey

    /// A signer for `key` under `name`.
    public init(name: String, type: NoteSignatureType, key: SigningKey) throws(TransparencyError) {
        self.verifier = try NoteVerifier(name: name, type: type, key: key.publicKey)
        self.key = key
    }

    /// Signs note `text`. For a cosignature type, `timestamp` (POSIX seconds) is required.
    public func sign(_ text: [UInt8], timestamp: UInt64? = nil) throws(TransparencyError) -> NoteSignature {
        precondition(verifier.type.isCosignature == (timestamp != nil), "cosignatures, and only they, carry a timestamp")
        let message = NoteVerifier.signedMessage(type: verifier.type, text: text, timestamp: timestamp)
        let signature: [UInt8]
        do { signature = try key.signature(for: message) } catch { throw .store("cannot sign the note: \(error.reason)") }
        var payload: [UInt8] = []
        if let timestamp { payload = (0..<8).reversed().map { UInt8((timestamp >> (8 * UInt64($0))) & 0xff) } }
        return NoteSignature(name: verifier.name, keyID: verifier.keyID, payload: payload + signature)
    }
}
