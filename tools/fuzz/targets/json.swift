// libFuzzer target: the JSON parser (FORMAT.md §2.1). Any input either throws JSONError or yields a
// value whose canonical form parses back to the same canonical form (RFC 8785 is idempotent).
import LedgerCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONValue.parse(bytes) else { return 0 }
    let canonical = value.canonicalBytes
    guard let again = try? JSONValue.parse(canonical) else {
        fatalError("canonical form does not parse: \(String(decoding: canonical, as: UTF8.self))")
    }
    guard again.canonicalBytes == canonical else {
        fatalError("canonical form is not stable: \(String(decoding: canonical, as: UTF8.self))")
    }
    return 0
}
