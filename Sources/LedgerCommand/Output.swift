import LedgerCore

#if canImport(Glibc)
    import Glibc
#endif

/// Unbuffered writes to standard output and error, so messages interleave as they happen.
struct FileHandleOutput {
    let fd: Int32
    static let standardOutput = FileHandleOutput(fd: 1)
    static let standardError = FileHandleOutput(fd: 2)

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
        bytes.removeAll()
    }
}

/// Prints a JSON value as one canonical line (what scripts reading `--json` get).
func printJSON(_ value: JSONValue) {
    print(value.canonicalString)
}

extension Receipt {
    var json: JSONValue {
        [
            "seq": .number(Double(seq)), "statement": .string(statementID), "hash": .string(recordHash), "head": .string(head),
            "accepted": .string(accepted.description),
        ]
    }

    var line: String {
        "accepted record \(seq)  statement \(statementID)  at \(accepted)\n  record hash \(recordHash)\n  head        \(head)"
    }
}

/// Prints receipts as text or JSON.
func printReceipts(_ receipts: [Receipt], json: Bool) {
    if json {
        printJSON(.array(receipts.map(\.json)))
    } else {
        for receipt in receipts { print(receipt.line) }
    }
}
