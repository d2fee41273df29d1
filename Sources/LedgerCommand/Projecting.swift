import LedgerProjector
import LedgerStore

/// Replays the ledger to `cut` (from the newest matching snapshot when `useSnapshots`), telling the user
/// on standard error about snapshots it could not use.
func loadProjection(_ directory: LedgerDirectory, cut: ProjectionCut, options: ProjectionOptions, useSnapshots: Bool = true) throws -> Projection {
    let projection = try directory.project(cut: cut, options: options, useSnapshots: useSnapshots)
    for note in projection.notes { FileHandleOutput.standardError.write("ledger: note: \(note)\n") }
    return projection
}
