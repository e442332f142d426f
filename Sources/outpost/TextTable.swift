import OutpostDomain

/// A table aligned by display width (CJK characters take two columns), with long cells cut by
/// an ellipsis. Colour is applied after padding, so escape codes never disturb the alignment.
struct TextTable {
    struct Column {
        var title: String
        /// Cells longer than this are truncated.
        var maxWidth: Int
        var alignRight = false
    }

    struct Cell {
        var text: String
        var style: Console.Style?

        init(_ text: String?, _ style: Console.Style? = nil) {
            self.text = (text ?? "—").singleLine
            self.style = style
        }
    }

    var columns: [Column]
    var rows: [[Cell]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func append(_ row: [Cell]) {
        rows.append(row)
    }

    func render(on console: Console) -> [String] {
        let widths = columns.indices.map { index in
            min(columns[index].maxWidth, rows.map { $0[index].text.displayWidth }.reduce(columns[index].title.displayWidth, max))
        }
        func line(_ cells: [Cell], header: Bool) -> String {
            var parts = [String]()
            for (index, cell) in cells.enumerated() {
                let text = cell.text.truncated(toWidth: widths[index])
                let isLast = index == cells.count - 1
                let padding = String(repeating: " ", count: max(0, widths[index] - text.displayWidth))
                let aligned = columns[index].alignRight ? padding + text : (isLast ? text : text + padding)
                let style = header ? Console.Style.bold : cell.style
                parts.append(console.paint(aligned, style))
            }
            return parts.joined(separator: "  ")
        }
        return [line(columns.map { Cell($0.title) }, header: true)] + rows.map { line($0, header: false) }
    }
}
