#if canImport(Glibc)
    import Glibc
#endif

/// A one-line progress bar on standard error; on a pipe it prints a line per tenth instead of redrawing.
struct ProgressBar {
    let total: Int
    let label: String
    private let interactive = isatty(2) != 0
    private var lastShown = -1

    init(total: Int, label: String) {
        self.total = max(total, 1)
        self.label = label
    }

    mutating func update(_ done: Int) {
        let percent = done * 100 / total
        let step = interactive ? percent : percent / 10 * 10
        guard step != lastShown else { return }
        lastShown = step
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandleOutput.standardError.write(
            interactive ? "\r\(label) \(bar) \(percent)% (\(done)/\(total))" : "\(label) \(bar) \(percent)% (\(done)/\(total))\n")
    }

    func finish() {
        if interactive { FileHandleOutput.standardError.write("\n") }
    }
}
