/// One signature line of a signed note: `— <name> base64(keyID ‖ signature)`.
public struct NoteSignature: Sendable, Hashable {
    /// The key name (no spaces, no `+`).
    public let name: String
    /// The 4-byte key id, big-endian.
    public let keyID: UInt32
    /// The bytes after the key id: the signature (for a cosignature, the 8-byte timestamp and the signature).
    public let payload: [UInt8]

    public init(name: String, keyID: UInt32, payload: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.payload = payload
    }

    /// The line as it appears in the note, with its final `0x0A`.
    public var line: String {
        let id: [UInt8] = [UInt8(keyID >> 24), UInt8((keyID >> 16) & 0xff), UInt8((keyID >> 8) & 0xff), UInt8(keyID & 0xff)]
        return "\u{2014} \(name) \(NoteBase64.encode(id + payload))\n"
    }
}

/// A C2SP signed note (https://c2sp.org/signed-note): text ending in a newline, a blank line, and one
/// or more signature lines.
///
/// Parsing follows golang.org/x/mod/sumdb/note: valid UTF-8, no control characters but newline, the
/// text separated from the signatures by the last blank line, every signature line well-formed, at
/// most 100 of them. Parsing checks form only; ``verify(_:)`` checks signatures.
public struct SignedNote: Sendable, Hashable {
    /// Verifiers must accept at least 16 signatures (C2SP); Go's note package accepts 100.
    public static let maximumSignatures = 100

    /// The signed text, ending in `0x0A` (without the separating blank line).
    public let text: [UInt8]
    /// The signature lines, in order.
    public private(set) var signatures: [NoteSignature]

    /// A note of `text` (which must end in a newline) with `signatures`.
    public init(text: [UInt8], signatures: [NoteSignature]) {
        precondition(text.last == 0x0A, "a note's text ends in a newline")
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note.
    /// - Throws: `.malformedNote` naming the first rule the bytes break.
    public init(parsing bytes: [UInt8]) throws(TransparencyError) {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .malformedNote("the note is not valid UTF-8") }
        if let bad = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw .malformedNote("the note has a control character (0x\(String(bytes[bad], radix: 16))) at byte \(bad)")
        }
        guard bytes.last == 0x0A else { throw .malformedNote("the note does not end with a newline") }
        var split: Int?
        var i = bytes.count - 2
        while i >= 0 {
            if bytes[i] == 0x0A && bytes[i + 1] == 0x0A {
                split = i
                break
            }
            i -= 1
        }
        guard let split else { throw .malformedNote("the note has no blank line before its signatures") }
        let text = Array(bytes[...split])
        let lines = bytes[(split + 2)...].split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        guard !lines.isEmpty else { throw .malformedNote("the note has no signature lines") }
        guard lines.count <= SignedNote.maximumSignatures else {
            throw .malformedNote("the note has \(lines.count) signature lines, more than \(SignedNote.maximumSignatures)")
        }
        var signatures: [NoteSignature] = []
        for (n, line) in lines.enumerated() {
            signatures.append(try Self.parseSignature(Array(line), number: n + 1))
        }
        self.init(text: text, signatures: signatures)
    }

    static func parseSignature(_ line: [UInt8], number: Int) throws(TransparencyError) -> NoteSignature {
        let dash: [UInt8] = [0xE2, 0x80, 0x94, 0x20]
        guard line.starts(with: dash) else { throw .malformedNote("signature line \(number) does not start with an em dash and a space") }
        let rest = line.dropFirst(4)
        guard let space = rest.firstIndex(of: 0x20) else { throw .malformedNote("signature line \(number) has no space between key name and signature") }
        let name = String(decoding: rest[..<space], as: UTF8.self)
        guard NoteVerifier.isValidName(name) else { throw .malformedNote("signature line \(number) has an invalid key name \"\(name)\"") }
        let encoded = String(decoding: rest[(space + 1)...], as: UTF8.self)
        guard let decoded = NoteBase64.decode(encoded), decoded.count > 4 else {
            throw .malformedNote("signature line \(number) (\(name)) is not base64 of a key id and a signature")
        }
        let keyID = decoded.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return NoteSignature(name: name, keyID: keyID, payload: Array(decoded.dropFirst(4)))
    }

    /// The note's bytes: text, blank line, signature lines.
    public var bytes: [UInt8] {
        text + [0x0A] + signatures.flatMap { Array($0.line.utf8) }
    }

    /// Appends a signature line (a cosignature, or a second log signature after a key rotation).
    public mutating func add(_ signature: NoteSignature) {
        signatures.append(signature)
    }

    /// Verifies the note against the keys a reader trusts, as C2SP requires: signatures by unknown
    /// keys (name and key id not both matching a verifier) are ignored; a signature by a known key
    /// that does not verify rejects the note; a note no known key signed is rejected.
    /// - Returns: the verifiers whose signatures verified, in the note's order.
    public func verify(_ verifiers: [NoteVerifier]) throws(TransparencyError) -> [NoteVerifier] {
        var known: [String: NoteVerifier] = [:]
        for verifier in verifiers {
            let key = "\(verifier.name)+\(verifier.keyID)"
            if let other = known[key], other != verifier {
                throw .malformedKey("two different keys share the name \(verifier.name) and key id \(verifier.keyIDHex)")
            }
            known[key] = verifier
        }
        var verified: [NoteVerifier] = []
        for signature in signatures {
            guard let verifier = known["\(signature.name)+\(signature.keyID)"] else { continue }
            guard verifier.isValidSignature(signature, text: text) else {
                throw .signatureRejected("the signature of \(signature.name) (key id \(verifier.keyIDHex)) does not verify")
            }
            if !verified.contains(verifier) { verified.append(verifier) }
        }
        guard !verified.isEmpty else {
            let names = signatures.map { "\($0.name)+\(NoteVerifier.hex($0.keyID))" }.joined(separator: ", ")
            throw .signatureRejected("no signature by a known key (the note is signed by \(names))")
        }
        return verified
    }
}

/// RFC 4648 §4 base64 with padding; decoding accepts only the canonical spelling.
public enum NoteBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i]
            let b1 = i + 1 < bytes.count ? bytes[i + 1] : 0
            let b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3f)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` encodes; nil unless `text` is exactly what ``encode(_:)`` writes for them.
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var values: [UInt8] = []
        values.reserveCapacity(chars.count)
        var padding = 0
        for (n, c) in chars.enumerated() {
            if c == UInt8(ascii: "=") {
                guard n >= chars.count - 2 else { return nil }
                padding += 1
                values.append(0)
                continue
            }
            guard padding == 0, let v = alphabet.firstIndex(of: c) else { return nil }
            values.append(UInt8(v))
        }
        var out: [UInt8] = []
        for g in stride(from: 0, to: values.count, by: 4) {
            let n = UInt32(values[g]) << 18 | UInt32(values[g + 1]) << 12 | UInt32(values[g + 2]) << 6 | UInt32(values[g + 3])
            out.append(UInt8(n >> 16))
            out.append(UInt8((n >> 8) & 0xff))
            out.append(UInt8(n & 0xff))
        }
        out.removeLast(padding)
        return encode(out) == text ? out : nil
    }
}
