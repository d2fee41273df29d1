// libFuzzer target: the signed-statement parser `SignedStatement(json:)` (FORMAT.md §2), as `ledger
// submit` reads each line of a statement file. A statement it accepts writes JSON it accepts again, equal.
import LedgerCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONValue.parse(bytes), let signed = try? SignedStatement(json: value) else { return 0 }
    _ = signed.statement.signingMessage
    guard let again = try? SignedStatement(json: signed.json) else { fatalError("an accepted statement's JSON is refused") }
    guard again == signed else { fatalError("an accepted statement does not survive its own JSON") }
    return 0
}
