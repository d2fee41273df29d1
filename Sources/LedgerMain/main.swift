import LedgerCommand

// `ledger`: every command, without network code. A command that talks to a served ledger is handed,
// before it runs, to `ledger-remote` beside this binary (see `NetworkAccess`).
LedgerCommandLine.main(network: .handOver(to: "ledger-remote"))
