// libFuzzer target: the CSV batch reader (`BatchFile.parse(_:format: .csv)`), RFC 4180 with the
// ambiguity refusals of FORMAT.md's batch section. Only a thrown RecordError may end a bad file.
import LedgerCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let rows = try? BatchFile.parse(bytes, format: .csv) {
        for row in rows { _ = row.event.summary }
    }
    return 0
}
