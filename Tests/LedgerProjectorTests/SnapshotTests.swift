import LedgerCore
import LedgerCrypto
import LedgerProjector
import Testing

/// Rewrites one member of a snapshot and signs it off with a correct digest, as a different (or older)
/// projector would have written it.
private func rewritten(_ bytes: [UInt8], suite: Suite, _ change: (inout [String: JSONValue]) -> Void) throws -> [UInt8] {
    var members = try #require(try JSONValue.parse(bytes).objectValue)
    members["digest"] = nil
    change(&members)
    members["digest"] = .string(Hex.encode(suite.hash(JSONValue.object(members).canonicalBytes)))
    return JSONValue.object(members).canonicalBytes
}

private func snapshot(of projector: Projector, suite: Suite) -> [UInt8] {
    projector.snapshot(suite: suite, head: projector.head, recordCount: projector.recordCount)
}

@Suite("Snapshots")
struct SnapshotTests {
    @Test("Snapshot after k records, restored, plus records k… equals a full replay, at every cut point", arguments: [UInt64(1), 2024])
    func snapshotPlusTailEqualsFullReplay(seed: UInt64) throws {
        let b = try LedgerBuilder.generated(seed: seed, count: 150)
        #expect(b.records.count == 150)
        let full = b.project()
        let fullState = full.state().canonicalBytes
        let fullSnapshot = snapshot(of: full, suite: b.suite)
        for k in 0...b.records.count {
            let partial = b.project(k)
            let bytes = snapshot(of: partial, suite: b.suite)
            let loaded = try Snapshot(bytes: bytes, suite: b.suite, options: ProjectionOptions())
            #expect(loaded.recordCount == k)
            #expect(loaded.head == (k == 0 ? Record.zeroHash : b.records[k - 1].hash(b.suite)))
            var restored = loaded.projector
            // Compared as Booleans so a failure names the cut instead of printing megabytes.
            let restoredSame = restored.state().canonicalBytes == partial.state().canonicalBytes
            for record in b.records[k...] { restored.apply(record) }
            let stateSame = restored.state().canonicalBytes == fullState
            let snapshotSame = snapshot(of: restored, suite: b.suite) == fullSnapshot
            #expect(restoredSame, "restored state differs from the projector it was taken from at cut \(k)")
            #expect(stateSame, "snapshot + tail differs from full replay at cut \(k)")
            #expect(snapshotSame, "snapshot after the tail differs from the full replay's at cut \(k)")
            if !(restoredSame && stateSame && snapshotSame) { break }
        }
    }

    @Test("A snapshot records its ledger, record count, head and options in canonical JSON")
    func layout() throws {
        let b = try LedgerBuilder.generated(seed: 5, count: 40)
        let projector = b.project()
        let bytes = snapshot(of: projector, suite: b.suite)
        let json = try JSONValue.parse(bytes)
        #expect(json.canonicalBytes == bytes)
        #expect(json["snapshot"] == 1 && json["projector"]?.stringValue == Projector.version)
        #expect(json["ledger"]?.stringValue == b.ledgerID && json["records"] == 40)
        #expect(json["head"]?.stringValue == b.records[39].hash(b.suite))
        #expect(
            json["options"] == [
                "warningDays": 30, "scheduleTolerance": 10, "seriousLag": 20, "silenceDays": 60, "aboutTolerance": 10, "statisticsDays": 90,
                "stationedUnits": [],
            ])
        #expect(json["projector-state"]?["tasks"]?.objectValue?.count == 12)
        #expect(json["digest"]?.stringValue?.utf8.count == 64)
        // One trailing newline, as a file would have, is accepted.
        let restored = try Projector(snapshot: bytes + [0x0A], suite: b.suite, options: ProjectionOptions())
        #expect(restored.recordCount == 40 && restored.head == projector.head && restored.ledgerID == b.ledgerID)
    }

    @Test("An edited snapshot is refused by its digest")
    func flippedByte() throws {
        let b = try LedgerBuilder.generated(seed: 9, count: 60)
        var bytes = snapshot(of: b.project(), suite: b.suite)
        let start = try #require(bytes.firstRange(of: Array("\"projector-state\":".utf8))).upperBound
        let i = try #require(bytes[start...].firstIndex { (0x30...0x39).contains($0) })
        bytes[i] = bytes[i] == 0x39 ? 0x38 : bytes[i] + 1
        let error = #expect(throws: SnapshotError.self) { try Snapshot(bytes: bytes, suite: b.suite, options: ProjectionOptions()) }
        #expect(error?.code == .digestMismatch)
        #expect(error?.reason.contains("edited") == true)
    }

    @Test("A snapshot checked with the other suite's hash is refused")
    func wrongSuite() throws {
        let b = try LedgerBuilder.generated(seed: 9, count: 30)
        let bytes = snapshot(of: b.project(), suite: b.suite)
        #expect(throws: SnapshotError.self) { try Snapshot(bytes: bytes, suite: .sm2sm3, options: ProjectionOptions()) }
    }

    @Test("A snapshot written by an older or newer projector version is refused, even with a correct digest", arguments: [-1, 1])
    func otherProjectorVersion(offset: Int) throws {
        let version = String(try #require(Int(Projector.version)) + offset)
        let b = try LedgerBuilder.generated(seed: 9, count: 30)
        let bytes = try rewritten(snapshot(of: b.project(), suite: b.suite), suite: b.suite) { $0["projector"] = .string(version) }
        let error = #expect(throws: SnapshotError.self) { try Snapshot(bytes: bytes, suite: b.suite, options: ProjectionOptions()) }
        #expect(error?.code == .projectorVersion)
        #expect(error?.reason.contains(offset < 0 ? "written by an older projector version" : "written by a newer projector version") == true)
    }

    @Test(
        "A snapshot made with other options is refused",
        arguments: [
            ProjectionOptions(warningDays: 15), ProjectionOptions(scheduleTolerance: 5), ProjectionOptions(silenceDays: 90),
        ])
    func otherOptions(options: ProjectionOptions) throws {
        let b = try LedgerBuilder.generated(seed: 9, count: 30)
        let bytes = snapshot(of: b.project(), suite: b.suite)
        let error = #expect(throws: SnapshotError.self) { try Snapshot(bytes: bytes, suite: b.suite, options: options) }
        #expect(error?.code == .optionsMismatch)
        // Made with those options, it loads.
        let own = snapshot(of: b.project(options: options), suite: b.suite)
        #expect(try Snapshot(bytes: own, suite: b.suite, options: options).projector.options == options)
    }

    @Test(
        "Malformed snapshots are refused with a reason",
        arguments: [
            Array("{\"snapshot\": 1}".utf8), Array("not json".utf8), Array("[]".utf8),
        ])
    func malformed(bytes: [UInt8]) throws {
        let error = #expect(throws: SnapshotError.self) { try Snapshot(bytes: bytes, suite: .ed25519sha256, options: ProjectionOptions()) }
        #expect(error?.code == .malformed)
    }

    @Test("An unknown snapshot format is refused")
    func unknownFormat() throws {
        let b = try LedgerBuilder.generated(seed: 9, count: 20)
        let bytes = try rewritten(snapshot(of: b.project(), suite: b.suite), suite: b.suite) { $0["snapshot"] = 2 }
        let error = #expect(throws: SnapshotError.self) { try Snapshot(bytes: bytes, suite: b.suite, options: ProjectionOptions()) }
        #expect(error?.code == .unsupportedFormat)
    }

    @Test("An SM2/SM3 ledger projects and snapshots with SM3 digests")
    func sm2Ledger() throws {
        var b = try LedgerBuilder(suite: .sm2sm3)
        try b.enrol("SWJ")
        try b.assign("1.1", lead: ["SWJ"], deadline: "2023-06-30", targets: [Target(metric: "新增限额以上企业", value: 40, unit: "家")])
        try b.progress("1.1", by: "SWJ", percent: 50, metrics: [MetricValue(metric: "新增限额以上企业", value: 20, unit: "家")], at: at("2023-03-01T00:00:00Z"))
        let partial = b.project()
        try b.complete("1.1", by: "SWJ", at: at("2023-06-01T00:00:00Z"))
        let full = b.project()
        #expect(full.head == b.records.last!.hash(.sm2sm3))
        // Closed with 20 of 40 reported: 办结但指标未达标, never plain green.
        #expect(full.state().task("1.1")?.lightReasonCode.kind == .closedTargetsUnmet)
        var restored = try Projector(snapshot: snapshot(of: partial, suite: .sm2sm3), suite: .sm2sm3, options: ProjectionOptions())
        restored.apply(b.records.last!)
        #expect(restored.state().canonicalBytes == full.state().canonicalBytes)
        #expect(throws: SnapshotError.self) {
            try Projector(snapshot: snapshot(of: partial, suite: .sm2sm3), suite: .ed25519sha256, options: ProjectionOptions())
        }
    }
}

@Suite("Snapshot state decoding")
struct SnapshotStateTests {
    @Test("A mistyped value inside the projector state is refused even with a correct digest")
    func mistypedState() throws {
        let b = try LedgerBuilder.generated(seed: 9, count: 20)
        let p = b.project()
        let bytes = try rewritten(p.snapshot(suite: b.suite, head: p.head, recordCount: p.recordCount), suite: b.suite) { members in
            guard case .object(var state) = members["projector-state"] else { return }
            state["recordCount"] = .number(19.5)
            members["projector-state"] = .object(state)
        }
        let error = #expect(throws: SnapshotError.self) { try Snapshot(bytes: bytes, suite: b.suite, options: ProjectionOptions()) }
        #expect(error?.code == .malformed)
        #expect(error?.reason.contains("projector-state") == true)
    }

    @Test("A snapshot whose header disagrees with its state is refused")
    func headerDisagrees() throws {
        let b = try LedgerBuilder.generated(seed: 9, count: 20)
        let p = b.project()
        let bytes = try rewritten(p.snapshot(suite: b.suite, head: p.head, recordCount: p.recordCount), suite: b.suite) { $0["records"] = 19 }
        #expect(throws: SnapshotError.self) { try Snapshot(bytes: bytes, suite: b.suite, options: ProjectionOptions()) }
    }
}
