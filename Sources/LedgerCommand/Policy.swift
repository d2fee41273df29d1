import LedgerCore
import LedgerProjector

/// The rules beyond the format's that every append runs: the projector's transition rules.
func admissionPolicy() -> (any AdmissionPolicy)? {
    Projector()
}
