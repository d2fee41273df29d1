import ArgumentParser

/// `ledger snapshot create | verify | list`.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Save the projected state so later replays start there; prove a snapshot equals a full replay.",
        subcommands: [SnapshotCreate.self, SnapshotVerify.self, SnapshotList.self]
    )
}
