import LedgerClient
import LedgerCommand

// `ledger-remote`: the same commands as `ledger`, with the network client (URLSession). `ledger` execs it,
// with its own arguments, for `--server URL` and `ledger mirror`; run directly, it does what `ledger` does.
LedgerCommandLine.main(network: .transport(URLSessionTransport()))
