/// How many terminal columns text occupies, so that columns of mixed Chinese and Latin text line up.
///
/// East Asian wide and fullwidth characters (CJK ideographs, kana, hangul, fullwidth punctuation such
/// as `，` and `（`, most emoji) take two columns; combining marks, format characters (zero-width
/// joiner, variation selectors) and controls take none; everything else, including the East Asian
/// "ambiguous" box and block characters used for progress bars, takes one. ANSI escape sequences
/// (`ESC [ … m`) take none, so coloured cells pad correctly.
enum DisplayWidth {
    /// The columns `text` occupies.
    static func of(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        var sawBracket = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if !sawBracket {
                    sawBracket = true
                    if scalar != "[" { inEscape = false }
                } else if (0x40...0x7E).contains(scalar.value) {
                    inEscape = false
                }
                continue
            }
            if scalar == "\u{1B}" {
                inEscape = true
                sawBracket = false
                continue
            }
            width += of(scalar)
        }
        return width
    }

    /// The columns one scalar occupies: 0, 1 or 2.
    static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return wideRanges.contains { $0.contains(v) } ? 2 : 1
    }

    /// East Asian Width W and F, collapsed into the ranges that matter for this project's text.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251,
        0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// `text` followed (or, right-aligned, preceded) by spaces up to `width` columns.
    static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(text)))
        return right ? fill + text : text + fill
    }

    /// `text` cut to at most `width` columns, ending in `…` when something was cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = of(String(character))
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` broken into lines of at most `width` columns: Latin words stay whole where they fit,
    /// Chinese breaks between any two characters, and explicit newlines are kept.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 1 else { return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var used = 0
            func flush() {
                while line.last == " " { line.removeLast() }
                lines.append(line)
                line = ""
                used = 0
            }
            for token in tokens(Substring(paragraph)) {
                let w = of(token)
                if token == " " {
                    if used > 0, used < width { line += " "; used += 1 }
                    continue
                }
                if used + w <= width {
                    line += token
                    used += w
                    continue
                }
                if used > 0 { flush() }
                for character in token {
                    let cw = of(String(character))
                    if used + cw > width, used > 0 { flush() }
                    line.append(character)
                    used += cw
                }
            }
            flush()
        }
        return lines
    }

    /// Words of narrow characters, single spaces and single wide characters; opening brackets stick to
    /// what follows and closing punctuation to what precedes, so no line starts with `）` or ends with `（`.
    private static func tokens(_ text: Substring) -> [String] {
        var tokens: [String] = []
        var word = ""
        var opening = ""
        func flush() {
            if !word.isEmpty { tokens.append(word); word = "" }
        }
        var inEscape = false
        for character in text {
            if inEscape || character == "\u{1B}" {
                // An ANSI sequence is invisible: it rides along with the word it touches, never split.
                if word.isEmpty { word = opening; opening = "" }
                word.append(character)
                if character == "\u{1B}" {
                    inEscape = true
                } else if character != "[", let ascii = character.asciiValue, (0x40...0x7E).contains(ascii) {
                    inEscape = false
                }
            } else if character == " " {
                flush()
                tokens.append(opening + " ")
                opening = ""
            } else if openers.contains(character) {
                flush()
                opening.append(character)
            } else if closers.contains(character) {
                if !word.isEmpty {
                    word.append(character)
                } else if let last = tokens.last, last != " " {
                    tokens[tokens.count - 1] = last + String(character)
                } else {
                    word = opening + String(character)
                    opening = ""
                }
            } else if of(String(character)) == 2 {
                flush()
                tokens.append(opening + String(character))
                opening = ""
            } else {
                if word.isEmpty { word = opening; opening = "" }
                word.append(character)
            }
        }
        flush()
        if !opening.isEmpty { tokens.append(opening) }
        return tokens
    }

    private static let openers: Set<Character> = ["（", "(", "《", "「", "『", "【", "“", "‘", "["]
    private static let closers: Set<Character> = [
        "）", ")", "》", "」", "』", "】", "”", "’", "]", "，", "。", "、", "：", "；", "！", "？", ",", ".", ":", ";", "!", "?", "%",
    ]
}
