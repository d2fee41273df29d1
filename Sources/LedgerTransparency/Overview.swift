// LedgerTransparency: what lets someone who does not trust the office check that the log only grows.
// FORMAT.md §12 is the contract; this is a map of the API for code built on it.
//
// Pure, no I/O (usable by any checker):
//   MerkleHasher            RFC 6962 leaf/node hashing with the suite's hash (SHA-256 or SM3).
//   MerkleTree              roots, inclusion and consistency proofs from a MerkleNodeReader; RFC 9162
//                           verification (verifyInclusion, verifyConsistency) from the proof alone.
//   CompactRange            the root while reading leaves one by one (O(log n) memory).
//   MemoryTree              a MerkleNodeReader in memory (tests, small trees, a log range in a bundle).
//   SignedNote, NoteSignature, NoteVerifier, NoteSigner, NoteSignatureType
//                           C2SP signed notes; Ed25519 (0x01) and timestamped Ed25519 cosignatures (0x04)
//                           exactly as Go's sumdb/note and transparency-dev; SM2 with 0xff-prefixed types.
//   Checkpoint, SignedCheckpoint
//                           the tlog-checkpoint body; signing, parsing+verifying, cosign(with:timestamp:)
//                           and cosignatures(by:) (what an inspector adds and what a reader checks).
//   InclusionProof, ConsistencyProof
//                           the proof files of §12.6 (fileBytes / init(file:)) and their verify(keys:…).
//   checkpointVerifiers(origin:keys:), verifiedCheckpoint(_:keys:), CheckpointSigners.keys(registry:treeSize:)
//                           one rule for "which keys may sign a ledger's checkpoint".
//
// On a ledger directory:
//   TileStore               the tree as tlog-tiles files (any directory holding tile/).
//   LedgerTree              a ledger's tree: opens/checks/rebuilds the tile cache, extends it from the
//                           log, proves (inclusionProof(seq:treeSize:), consistencyProof(oldSize:newSize:)).
//   CheckpointStore         checkpoints/NNNNNNNNNNNN and checkpoint.
//   CheckpointPublisher     verify, check containment of the latest checkpoint, sign, store.
//   CheckpointContainment   feed it records while Verifier.verify reads the log; says whether the log
//                           still contains a checkpoint and, from old tiles, the first changed record.
//
// An inspector's cosigning and audit (FORMAT.md §12.9, §12.10):
//   Inspector.audit(ledger:checkpoint:key:stateDirectory:evidenceDirectory:cosign:now:)
//                           the incremental audit from the inspector's own state: consistency proof, the
//                           log's continuation, §6 checks of the new records resumed from the kept
//                           ChainState, the checkpoint's root from the kept tree edge; cosigns and
//                           advances the state, or throws InspectorError.alarm after writing evidence.
//   InspectorState, InspectorStateStore
//                           the state (signed by the inspector's key) and its ids file, outside the ledger.
//   CheckpointCosigners     who may cosign (inspector keys of the registry), their key names, verification.
//   AuditBundle             the offline bundle: write(ledger:_:) and verify(_:keys:) with nothing else.
