import LedgerCore
import LedgerServer
import Testing

/// How the server words what the libraries throw: the status a client acts on.
@Suite("HTTP refusals")
struct HTTPRefusalTests {
    @Test("a seal that did not verify is the server's failure (500, sealFailed), a statement's bad signature the signer's (403)")
    func sealFailureIsTheServers() {
        let seal = HTTPRefusal(
            LedgerError.record(RecordError(.badSignature, field: "seal", seq: 12, "signature does not verify with the operator's key 3f2a…")))
        #expect(seal.json["error"]?["status"]?.intValue == 500)
        #expect(seal.code == HTTPRefusal.sealFailed)
        #expect(seal.seq == 12 && seal.field == "seal")
        #expect(seal.message.hasPrefix("record 12: seal: the server could not make a seal"))
        let statement = HTTPRefusal(
            LedgerError.record(RecordError(.badSignature, field: "statement.sig", seq: 12, "signature does not verify with SWLSJ's key 9c…")))
        #expect(statement.json["error"]?["status"]?.intValue == 403)
        #expect(statement.code == "badSignature")
    }
}
