// libFuzzer target: the record parser `Record(line:expectedSeq:)` (FORMAT.md §3), which also cuts the
// signing and sealing messages out of the line's bytes. A line it accepts is kept byte for byte.
import LedgerCore
import LedgerCrypto

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let record = try? Record(line: bytes, expectedSeq: 0) else { return 0 }
    guard record.line == bytes else { fatalError("an accepted line is not kept as read") }
    _ = record.hash(.ed25519sha256)
    _ = record.hash(.sm2sm3)
    return 0
}
