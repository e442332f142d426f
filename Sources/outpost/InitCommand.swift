import ArgumentParser
import Foundation
import OutpostStore

/// `outpost init`: gives a new station database its identity.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create this station's database.",
        discussion: """
            Example:
              outpost init --db station.db --station SZ01 --name "深圳福田店" --staff "王芳"
            """
    )

    @OptionGroup var options: StationOptions

    @Option(help: "The station code: 2–8 upper-case letters or digits, such as SZ01. Part of every case number.")
    var station: String

    @Option(help: "The branch's name.")
    var name: String?

    @Option(help: "The staff member working at this station (recorded on every change).")
    var staff: String?

    @Option(help: "The IANA time zone used for case-number dates (default: this machine's).")
    var timeZone: String = TimeZone.current.identifier

    func run() throws {
        try reporting {
            let path = options.databasePath
            if FileManager.default.fileExists(atPath: path) {
                throw CommandFailure(.refused, "\(path) already exists: choose another --db, or keep using it")
            }
            let created: LocalStation
            do {
                let store = try StationStore(path: path)
                var generator = SystemRandomNumberGenerator()
                created = try store.initialise(code: station, name: name, timeZone: timeZone, author: staff ?? station, using: &generator)
                if let staff { try store.setSetting("staff", staff) }
            } catch {
                // A refused init leaves no half-made database behind.
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                throw error
            }
            let station = created
            print("Station \(station.code) created in \(path) (time zone \(station.timeZone)).")
        }
    }
}
