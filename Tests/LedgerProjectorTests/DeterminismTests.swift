import LedgerCore
import LedgerProjector
import Testing

@Suite("Deterministic projection")
struct DeterminismTests {
    @Test("Two replays of the same records give byte-identical state", arguments: [UInt64(7), 42])
    func twoReplays(seed: UInt64) throws {
        let b = try LedgerBuilder.generated(seed: seed, count: 120)
        let first = b.project(), second = b.project()
        #expect(first.state() == second.state())
        #expect(first.state().canonicalBytes == second.state().canonicalBytes)
        #expect(first.stateJSON.canonicalBytes == first.state().canonicalBytes)
        #expect(
            first.snapshot(suite: b.suite, head: first.head, recordCount: first.recordCount)
                == second.snapshot(suite: b.suite, head: second.head, recordCount: second.recordCount))
        // The generated ledger exercises the interesting paths.
        let state = first.state()
        #expect(!state.findings.isEmpty)
        #expect(state.tasks.contains { $0.status == .completed } && state.tasks.contains { !$0.delays.isEmpty })
        #expect(state.findings.map(\.seq) == state.findings.map(\.seq).sorted())
    }

    @Test("The same seed builds the same ledger events")
    func generatorIsSeeded() throws {
        let a = try LedgerBuilder.generated(seed: 3, count: 60), b = try LedgerBuilder.generated(seed: 3, count: 60)
        #expect(a.records.map { $0.signed.statement.event.type } == b.records.map { $0.signed.statement.event.type })
        #expect(a.records.map(\.accepted) == b.records.map(\.accepted))
    }

    @Test("The state's JSON is canonical and parses back to the same bytes")
    func canonicalJSON() throws {
        let b = try LedgerBuilder.generated(seed: 11, count: 80)
        let bytes = b.project().state().canonicalBytes
        #expect(try JSONValue.parse(bytes).canonicalBytes == bytes)
        let json = b.project().stateJSON
        #expect(json["ledgerID"]?.stringValue == b.ledgerID)
        #expect(json["recordCount"]?.intValue == 80)
        #expect(json["tasks"]?[0]?["id"]?.stringValue == "1.1")
    }

    @Test("Tasks sort in natural order: 1.2 before 1.10, 2.1 before 10.1")
    func naturalOrder() throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        for id in ["1.10", "10.1", "1.2", "2.1", "1.9", "1.1a", "1.1"] {
            try b.assign(id, lead: ["SWJ"], deadline: "2023-12-31")
        }
        #expect(b.project().state().tasks.map(\.id) == ["1.1", "1.1a", "1.2", "1.9", "1.10", "2.1", "10.1"])
    }
}
