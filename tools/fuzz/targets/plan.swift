// libFuzzer target: the plan file reader (`PlanFile(data:)` and `events()`), what `ledger plan import`
// reads before it signs anything.
import Foundation
import LedgerCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let plan = try? PlanFile(data: bytes) { _ = try? plan.events() }
    return 0
}
