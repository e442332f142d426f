/// A field whose stations disagree (`docs/ARCHITECTURE.md`, "Conflicts"): the value shown
/// and the other values still standing, until someone settles it.
package struct FieldConflict: Hashable, Sendable, Encodable {
    package var id: String
    package var column: String
    package var shown: String
    /// Every competing value, the shown one included, oldest version first.
    package var values: [String]

    package init(id: String, column: String, shown: String, values: [String]) {
        self.id = id
        self.column = column
        self.shown = shown
        self.values = values
    }
}
