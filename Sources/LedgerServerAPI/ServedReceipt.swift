import LedgerCore
import LedgerCrypto
import LedgerTransparency

/// A served ledger's checkpointed receipt, fetched and checked by the submitter (FORMAT.md §8, §12.6).
///
/// The receipt is `GET proof/inclusion?seq=N`: the record's line, its inclusion proof and the signed
/// checkpoint, the same file `ledger receipt` writes on the office's machine. It is kept only after it
/// verifies against the office keys the submitter holds on its own (`--office-key`, the public key the
/// office hands each department with its enrolment), never against a key the same server serves: a
/// receipt is the department's evidence against the office, and a server that serves a rewritten log
/// would serve a record 0 and a key that agree with it.
public enum ServedReceipt {
    /// The receipt of record `seq` from `client`, verified against `officeKeys`.
    /// - Parameter expected: the server's acknowledgement of the record (its seq and record hash), which
    ///   the receipt's record must match.
    /// - Returns: the receipt file's bytes, as the server sent them.
    /// - Throws: `TransparencyError` when the receipt does not verify (the record is not in the log the
    ///   office signed, or is another record); ``ServerRefusal`` or ``ClientError`` when it cannot be had.
    public static func fetch(from client: LedgerServerClient, seq: Int, officeKeys: [VerifyingKey], expected: Receipt? = nil) throws -> [UInt8] {
        let bytes = try client.get("proof/inclusion", query: [("seq", String(seq))])
        let proof = try InclusionProof(file: bytes)
        let verified: InclusionProof.Verified
        do { verified = try proof.verify(keys: officeKeys) } catch {
            throw TransparencyError.proofRejected("the server's receipt of record \(seq) does not verify against the office key: \(error)")
        }
        guard let record = verified.record, record.seq == seq else {
            throw TransparencyError.proofRejected("the server's receipt of record \(seq) carries another record (leaf \(proof.index))")
        }
        if let expected {
            guard FormatRule.same(record.hash(proof.suite), expected.recordHash),
                FormatRule.same(record.signed.statement.id, expected.statementID)
            else {
                throw TransparencyError.proofRejected(
                    "the server's receipt of record \(seq) is of another record than the one it acknowledged (record hash \(expected.recordHash))")
            }
        }
        return bytes
    }
}
