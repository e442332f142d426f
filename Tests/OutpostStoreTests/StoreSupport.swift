import Foundation
import OutpostCore
import OutpostStore
import OutpostTestSupport

/// A station on a real SQLite file in a temporary directory, with a hand-driven clock.
struct TestStation {
    let store: StationStore
    let clock: ManualClock
    let code: String

    init(_ code: String, in directory: URL, seed: UInt64, clock: ManualClock = ManualClock()) throws {
        self.code = code
        self.clock = clock
        store = try stationOnFile(code, in: directory, seed: seed, clock: clock)
    }

    /// Every domain table as text, `select * from T order by id` style: what "identical" means.
    func dump() throws -> String {
        try store.schema.tables.map { table in
            "## \(table.name)\n" + (try store.rows(of: table.name)).map { $0.map(render).joined(separator: "|") }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func send(to other: TestStation) throws {
        try other.store.apply(try store.loggedChanges())
    }
}

func render(_ value: Value) -> String {
    switch value {
    case .null: ""
    default: value.description
    }
}

extension TestStation {
    /// One field of the first (or only) row of a domain table, by column name.
    func field(_ table: String, _ column: String, row: Int = 0) throws -> Value {
        let position = column == "id" ? 0 : 1 + store.schema.table(table)!.columnIndex[column]!
        return try store.rows(of: table)[row][position]
    }
}
