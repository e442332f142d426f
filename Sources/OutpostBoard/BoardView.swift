/// A page before rendering: its template, the label key of its title and the values the template
/// reads. Values are plain text and numbers; the template escapes them.
struct BoardView {
    var template: String
    var title: String
    var values: [String: Any]
}
