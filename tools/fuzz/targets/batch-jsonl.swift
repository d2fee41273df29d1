// libFuzzer target: the JSON Lines batch reader (`BatchFile.parse(_:format: .jsonl)`).
import LedgerCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let rows = try? BatchFile.parse(bytes, format: .jsonl) {
        for row in rows { _ = row.event.summary }
    }
    return 0
}
