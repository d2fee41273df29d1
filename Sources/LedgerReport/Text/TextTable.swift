/// A table of aligned columns for a terminal, measured with ``DisplayWidth`` so Chinese lines up.
///
/// Columns with a maximum width wrap their cells onto further lines; a row that wraps is followed by
/// a blank line so the eye can tell rows apart. Group lines (a section heading) span the table and
/// share its column widths, so every group lines up with the others.
struct TextTable {
    /// One column's heading and layout.
    struct Column {
        var header: String
        var maxWidth: Int? = nil
        var rightAligned = false
    }

    private enum Row {
        case cells([String])
        case group(String)
    }

    var columns: [Column]
    private var rows: [Row] = []
    var indent = "  "
    var gap = "  "

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func add(_ row: [String]) {
        rows.append(.cells(row))
    }

    /// Adds a heading line that spans the table, e.g. a plan section.
    mutating func addGroup(_ title: String) {
        rows.append(.group(title))
    }

    /// The table as lines of text, each ending in a newline.
    func render() -> String {
        let cells: [[[String]]] = rows.compactMap { item in
            guard case .cells(let row) = item else { return nil }
            return columns.indices.map { index in
                let text = index < row.count ? row[index] : ""
                guard let limit = columns[index].maxWidth else { return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
                return DisplayWidth.wrap(text, width: limit)
            }
        }
        let widths = columns.indices.map { index in
            cells.reduce(DisplayWidth.of(columns[index].header)) { widest, row in
                row[index].reduce(widest) { max($0, DisplayWidth.of($1)) }
            }
        }
        var out = line(columns.map { [$0.header] }, widths: widths, lineIndex: 0)
        out += line(widths.map { [String(repeating: "─", count: $0)] }, widths: widths, lineIndex: 0)
        let spaced = cells.contains { row in row.contains { $0.count > 1 } }
        var next = 0
        for (index, item) in rows.enumerated() {
            switch item {
            case .group(let title):
                out += (index == 0 ? "" : "\n") + indent + title + "\n"
            case .cells:
                let row = cells[next]
                next += 1
                let height = row.map(\.count).max() ?? 1
                for lineIndex in 0..<height {
                    out += line(row, widths: widths, lineIndex: lineIndex)
                }
                let last = index == rows.count - 1
                if spaced, !last, case .cells = rows[index + 1] { out += "\n" }
            }
        }
        return out
    }

    private func line(_ row: [[String]], widths: [Int], lineIndex: Int) -> String {
        var parts: [String] = []
        for (index, lines) in row.enumerated() {
            var text = lineIndex < lines.count ? lines[lineIndex] : ""
            // A colour that a wrapped cell opened on this line must not bleed into the next columns.
            if text.contains("\u{1B}["), !text.hasSuffix("\u{1B}[0m") { text += "\u{1B}[0m" }
            parts.append(DisplayWidth.pad(text, to: widths[index], right: columns[index].rightAligned))
        }
        var text = indent + parts.joined(separator: gap)
        while text.last == " " { text.removeLast() }
        return text + "\n"
    }
}
