import OutpostDomain

/// Labelled fields, one a line, labels aligned by display width; a field with an open conflict
/// is marked and its competing values listed under it.
struct FieldList {
    let console: Console
    let conflicts: [FieldConflict]

    func print(_ fields: [(label: Phrase, value: String?, column: String)], indent: String = "  ") {
        let labels = fields.map { console.say($0.label) }
        let width = labels.map(\.displayWidth).max() ?? 0
        for (index, field) in fields.enumerated() {
            var value = field.value ?? console.paint("—", .dim)
            if let conflict = conflicts.first(where: { $0.column == field.column }) {
                value += "  " + console.paint(console.say("[conflict]", "[冲突]"), .boldRed)
                let others = conflict.values.filter { $0 != conflict.shown }
                console.line(indent + labels[index].padded(toWidth: width) + "  " + value)
                console.line(
                    indent + String(repeating: " ", count: width) + "  "
                        + console.paint(
                            console.say("also: ", "另有：") + others.joined(separator: ", ")
                                + console.say(
                                    " (another station wrote it at the same time; writing a value settles it)",
                                    "（其他站点同时修改了此字段；再次写入即可解决）"
                                ), .yellow))
                continue
            }
            console.line(indent + labels[index].padded(toWidth: width) + "  " + value)
        }
    }
}
