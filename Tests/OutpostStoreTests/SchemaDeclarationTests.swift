import Foundation
import OutpostCore
import OutpostStore
import OutpostTestSupport
import Testing

/// `Schema.outpost` is the one declaration of the replicated fields: the tables the migrations
/// made must be exactly what it derives, column for column, so a field added to one and not the
/// other fails here rather than at a station.
@Suite struct SchemaDeclarationTests {
    @Test(arguments: Schema.outpost.tables.map(\.name))
    func theMigratedTableIsTheSchemasDeclaration(table: String) throws {
        let store = try StationStore(path: try temporaryDirectory().appendingPathComponent("schema.db").path)
        let declared = try #require(Schema.outpost.table(table)).tableColumns
        let migrated = try store.records("SELECT name, type FROM pragma_table_info(?) ORDER BY cid", [.text(table)])
        #expect(migrated.map { $0.values[0].description } == declared.map(\.name))
        #expect(migrated.map { $0.values[1].description } == declared.map(\.sqlType))
    }

    /// A table added by a later migration is created from the schema: the statement it would get
    /// makes, for every shipped table, exactly the table the migrations made.
    @Test(arguments: Schema.outpost.tables.map(\.name))
    func theCreateStatementMakesTheShippedTable(table: String) throws {
        let path = try temporaryDirectory().appendingPathComponent("schema.db").path
        let store = try StationStore(path: path)
        let declared = try #require(Schema.outpost.table(table))
        _ = try RawSQLite.execute(
            path, declared.createStatement.replacingOccurrences(of: "CREATE TABLE \(table) (", with: "CREATE TABLE made (") + ";")
        let query = "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid"
        let made = try store.records(query, [.text("made")]).map { $0.values.map(\.description) }
        let shipped = try store.records(query, [.text(table)]).map { $0.values.map(\.description) }
        #expect(made == shipped)
    }
}
