import LedgerCore

/// The rules beyond the format's that every append runs (the projector's transition rules).
func admissionPolicy() -> (any AdmissionPolicy)? {
    nil
}

/// Prints the leadership report for the demo's ledger.
func printDemoReport(ledger: Ledger) throws {
}
