import LedgerCore
import LedgerCrypto
import LedgerTransparency
import Testing

@Suite("tlog-tiles paths and entry bundles")
struct TilePathTests {
    @Test("paths print and parse as C2SP tlog-tiles spells them")
    func roundTrip() throws {
        let cases: [(TilePath, String)] = [
            (TilePath(kind: .hashes(level: 0), index: 0), "tile/0/000"),
            (TilePath(kind: .hashes(level: 1), index: 1_234_067), "tile/1/x001/x234/067"),
            (TilePath(kind: .hashes(level: 0), index: 5, width: 7), "tile/0/005.p/7"),
            (TilePath(kind: .entries, index: 1000, width: 255), "tile/entries/x001/000.p/255"),
            (TilePath(kind: .entries, index: 999), "tile/entries/999"),
        ]
        for (path, text) in cases {
            #expect(path.description == text)
            #expect(try TilePath(parsing: text) == path)
        }
        #expect(TileStore.path(level: 2, index: 1_234_067, width: 3) == "tile/2/x001/x234/067.p/3")
    }

    @Test(
        "paths not in the canonical form are refused",
        arguments: [
            "tile/0/1", "tile/0/0000", "tile/0/x000/001", "tile/0/001/x234", "tile/00/000", "tile/64/000", "tile/-1/000", "tile/0/000.p/0",
            "tile/0/000.p/256", "tile/0/000.p/07", "tile/0/000.p/", "tile/entries/abc", "tile/0", "tiles/0/000", "tile/0/x1/000", "tile/0/000/",
        ])
    func malformed(_ text: String) {
        #expect(throws: TransparencyError.self) { try TilePath(parsing: text) }
    }

    @Test("an entry bundle is the records' lines, each with its line feed, and must hold its width")
    func bundles() throws {
        let lines: [[UInt8]] = [Array("{\"a\":1}".utf8), Array("{\"b\":\"\\n\"}".utf8)]
        let bytes = EntryBundle.encode(lines)
        #expect(bytes == Array("{\"a\":1}\n{\"b\":\"\\n\"}\n".utf8))
        #expect(try EntryBundle.decode(bytes, count: 2, path: "p") == lines)
        #expect(throws: TransparencyError.self) { try EntryBundle.decode(bytes, count: 3, path: "p") }
        #expect(throws: TransparencyError.self) { try EntryBundle.decode(Array(bytes.dropLast()), count: 2, path: "p") }
        #expect(throws: TransparencyError.self) { try EntryBundle.decode(Array("a\n\nb\n".utf8), count: 3, path: "p") }
    }

    @Test("a cosignature submission reads back as written, and a body out of form is refused")
    func submissions() throws {
        let note = Array("accountability-ledger/x\n3\nAAAA\n\n— accountability-ledger/x AAAA\n".utf8)
        let submission = CosignatureSubmission(oldSize: 2, proof: [[UInt8](repeating: 7, count: 32)], note: note)
        #expect(try CosignatureSubmission(parsing: submission.bytes) == submission)
        #expect(String(decoding: submission.bytes.prefix(6), as: UTF8.self) == "old 2\n")
        for bad in ["old x\n\n", "old 01\n\n", "new 1\n\n", "old 1\nnot-base64\n\n", "old 1\n"] {
            #expect(throws: TransparencyError.self) { try CosignatureSubmission(parsing: Array(bad.utf8) + note) }
        }
    }
}
