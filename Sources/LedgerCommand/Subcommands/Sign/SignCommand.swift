import ArgumentParser

/// `ledger sign TYPE`: a department signs a statement on its own machine, without the ledger.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a statement offline and write it to a file for the office to submit.",
        discussion:
            "Signing needs only the signer's key and the ledger id, not the ledger or its current head. Units sign progress, close-requested (申请销号), extension-requested (申请延期) and finding-rectified (整改); the office signs assigned, lead-designated, close-approved (办结), close-returned (退回), reopened, extension-approved, extension-refused and indicator-owner-designated (指标责任单位); inspectors sign finding-opened (督查发现), finding-closed and finding-kept-open.",
        subcommands: [
            SignEvent<ProgressOptions>.self, SignEvent<CloseRequestedOptions>.self, SignEvent<ExtensionRequestedOptions>.self, SignEvent<AssignedOptions>.self,
            SignEvent<LeadDesignatedOptions>.self, SignEvent<CloseApprovedOptions>.self, SignEvent<CloseReturnedOptions>.self, SignEvent<ReopenedOptions>.self,
            SignEvent<ExtensionApprovedOptions>.self,
            SignEvent<ExtensionRefusedOptions>.self, SignEvent<FindingOpenedOptions>.self, SignEvent<FindingRectifiedOptions>.self,
            SignEvent<FindingClosedOptions>.self, SignEvent<FindingKeptOpenOptions>.self, SignEvent<IndicatorOwnerDesignatedOptions>.self,
        ]
    )
}
