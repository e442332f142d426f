/// Terminal column widths, so tables line up with CJK text: wide (East Asian Wide and
/// Fullwidth) characters and emoji take two columns, combining marks none (Unicode UAX #11).
extension Character {
    var displayWidth: Int {
        var sawVisible = false
        for scalar in unicodeScalars {
            if scalar.isWide || scalar.properties.isEmojiPresentation { return 2 }
            if !scalar.isZeroWidth { sawVisible = true }
        }
        return sawVisible ? 1 : 0
    }
}

extension Unicode.Scalar {
    /// East Asian Wide or Fullwidth (the ranges that matter for Chinese, Japanese and Korean).
    var isWide: Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// Combining marks, joiners and variation selectors: drawn on the character before them.
    var isZeroWidth: Bool {
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: true
        default: value == 0xFE0F || value == 0x200B
        }
    }
}

extension String {
    /// Columns the text takes on a terminal.
    var displayWidth: Int {
        reduce(0) { $0 + $1.displayWidth }
    }

    /// The text cut to at most `width` columns, ending with "…" when cut. Whole characters only:
    /// a wide character that does not fit is dropped, never split.
    func truncated(toWidth width: Int) -> String {
        guard displayWidth > width else { return self }
        guard width > 0 else { return "" }
        var out = ""
        var used = 0
        for character in self {
            let next = character.displayWidth
            if used + next > width - 1 { break }
            out.append(character)
            used += next
        }
        return out + "…"
    }

    /// The text followed by spaces up to `width` columns.
    func padded(toWidth width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - displayWidth))
    }

    /// One line: newlines and tabs become spaces, for table cells.
    var singleLine: String {
        String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
