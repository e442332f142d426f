import Synchronization

/// Terminal column widths, so tables line up with CJK text: wide (East Asian Wide and
/// Fullwidth) characters and emoji take two columns, combining marks none (Unicode UAX #11).
/// East Asian Ambiguous characters (—, …, ·) take two columns in CJK terminals and one
/// elsewhere: `DisplayWidth.ambiguousIsWide` says which, set from the language of the output.
extension Character {
    package var displayWidth: Int {
        var sawVisible = false
        let ambiguousIsWide = DisplayWidth.ambiguousIsWide
        for scalar in unicodeScalars {
            if scalar.isWide || scalar.properties.isEmojiPresentation { return 2 }
            if ambiguousIsWide, scalar.isAmbiguous { return 2 }
            if !scalar.isZeroWidth { sawVisible = true }
        }
        return sawVisible ? 1 : 0
    }
}

/// How wide ambiguous characters are drawn: two columns when the output is in Chinese, as CJK
/// terminals (and their fonts) draw them.
package enum DisplayWidth {
    private static let wideAmbiguous = Atomic<Bool>(false)

    package static var ambiguousIsWide: Bool {
        get { wideAmbiguous.load(ordering: .relaxed) }
        set { wideAmbiguous.store(newValue, ordering: .relaxed) }
    }
}

extension Unicode.Scalar {
    /// East Asian Wide or Fullwidth (the ranges that matter for Chinese, Japanese and Korean).
    package var isWide: Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// East Asian Ambiguous (UAX #11): the punctuation, symbols and box drawing a desk prints
    /// (— … · × ÷ ° § ① ─ ■ ★ ←).
    package var isAmbiguous: Bool {
        switch value {
        case 0x00A1, 0x00A4, 0x00A7, 0x00A8, 0x00AA, 0x00AD, 0x00AE, 0x00B0...0x00B4, 0x00B6...0x00BA, 0x00BC...0x00BF,
            0x00D7, 0x00F7, 0x2010, 0x2013...0x2016, 0x2018, 0x2019, 0x201C, 0x201D, 0x2020...0x2022, 0x2024...0x2027,
            0x2030, 0x2032, 0x2033, 0x2035, 0x203B, 0x203E, 0x2103, 0x2105, 0x2109, 0x2116, 0x2121, 0x2122,
            0x2160...0x216B, 0x2170...0x2179, 0x2190...0x2199, 0x21D2, 0x21D4, 0x2200...0x22FF, 0x2460...0x24E9,
            0x24EB...0x254B, 0x2550...0x2573, 0x2580...0x258F, 0x2592...0x2595, 0x25A0...0x25FF, 0x2605, 0x2606,
            0x2609, 0x260E, 0x260F, 0x261C, 0x261E, 0x2640, 0x2642, 0x2660...0x266F, 0x273D, 0x2776...0x277F:
            true
        default:
            false
        }
    }

    /// Combining marks, joiners and variation selectors: drawn on the character before them.
    package var isZeroWidth: Bool {
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: true
        default: value == 0xFE0F || value == 0x200B
        }
    }
}

extension String {
    /// Columns the text takes on a terminal.
    package var displayWidth: Int {
        reduce(0) { $0 + $1.displayWidth }
    }

    /// The text cut to at most `width` columns, ending with "…" when cut. Whole characters only:
    /// a wide character that does not fit is dropped, never split.
    package func truncated(toWidth width: Int) -> String {
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
    package func padded(toWidth width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - displayWidth))
    }

    /// One line: newlines and tabs become spaces, for table cells.
    package var singleLine: String {
        String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
