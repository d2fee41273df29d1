import Foundation
import LedgerTestSupport
import Testing

@Suite("Fixture provenance")
struct FixtureProvenanceTests {
    /// Each fixture and the workspace vector (in shared/) it was copied from.
    static let copies = [
        ("rfc8032-7.1.json", "vectors/ed25519/rfc8032-7.1.json"),
        ("wycheproof-selected.json", "vectors/ed25519/wycheproof-selected.json"),
        ("gbt32905.json", "vectors/sm3/gbt32905.json"),
    ]

    @Test("Each fixture is byte-identical to the shared vector it was copied from", .readsShared("vectors"), arguments: copies)
    func fixtureIsVerbatimCopy(fixture: String, original: String) throws {
        let copy = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent(fixture))
        #expect(copy == (try Data(contentsOf: try Workspace.sharedFile(original))), "\(fixture) differs from shared/\(original)")
    }
}
