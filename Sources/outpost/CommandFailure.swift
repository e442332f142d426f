import ArgumentParser
import OutpostDomain
import OutpostStore
import OutpostSync

/// A failure reported to the user as one line and an exit code (see `outpost --help`).
struct CommandFailure: Error, CustomStringConvertible {
    enum Kind: Int32 {
        case userError = 1
        case usage = 2
        case notFound = 3
        case refused = 4
        /// The relay could not be reached; every change stays in the outbox. Not a mistake of
        /// the user's, so scripts and `sync --watch` wrappers can tell it apart and retry.
        case unreachable = 5
    }

    var kind: Kind
    var message: String
    /// The message in Chinese, for `--lang zh`.
    var chinese: String?

    init(_ kind: Kind, _ message: String, _ chinese: String? = nil) {
        self.kind = kind
        self.message = message
        self.chinese = chinese
    }

    /// A station bootstrapped from the relay's state before its history has all arrived
    /// (`docs/ARCHITECTURE.md`, "Bootstrap"): what happened before its first sync is not here yet.
    static let historyNotHere = CommandFailure(
        .userError,
        "this station started from the relay's state, and the history before its first sync has not all arrived yet: it comes with the next syncs (run `outpost sync` while the relay is reachable), then this shows who set each field and what was overwritten",
        "本站点由中继的当前状态初始化，首次同步之前的历史记录尚未全部到达：它会随后续同步陆续传来（请在能连接中继时运行 `outpost sync`），之后即可显示每个字段由谁设置、覆盖了什么")

    /// The database holds no station: `outpost init` has not run on it.
    static let noStation = CommandFailure(
        .notFound, "this database has no station yet: run `outpost init --station CODE` first", "此数据库还没有站点：请先运行 `outpost init --station CODE`")

    func message(in language: Language) -> String {
        language == .chinese ? chinese ?? message : message
    }

    var description: String { message }
}

extension ParsableArguments {
    /// Runs a command body, turning store and command failures into one line on standard error
    /// and the documented exit code; no stack traces for user mistakes.
    func reporting(_ body: () throws -> Void) throws {
        try reporting(in: .english, body)
    }

    /// Like `reporting(_:)`, with the domain's messages in the given language.
    func reporting(in language: Language, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            printError(failure.message(in: language))
            throw ExitCode(failure.kind.rawValue)
        } catch let error as DomainError {
            printError(error.message(in: language))
            throw ExitCode(Self.exitCode(for: error.code).rawValue)
        } catch let error as StoreError {
            printError(error.message)
            throw ExitCode(Self.exitCode(for: error.code).rawValue)
        } catch let error as SyncError {
            printError(language == .chinese ? error.chinese ?? error.message : error.message)
            throw ExitCode(Self.exitCode(for: error.code).rawValue)
        }
    }

    /// `reporting(_:)` for async command bodies (sync against the relay).
    func reportingAsync(in language: Language = .english, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            try reporting(in: language) { throw error }
        }
    }

    static func exitCode(for code: StoreError.Code) -> CommandFailure.Kind {
        switch code {
        case .unknownRow, .notInitialised: .notFound
        case .readOnly, .changeIDReused, .duplicateStationCode, .headsChanged: .refused
        default: .userError
        }
    }

    static func exitCode(for code: SyncError.Code) -> CommandFailure.Kind {
        switch code {
        case .notConfigured: .notFound
        case .unreachable: .unreachable
        case .restoredDatabase, .otherRelay: .refused
        case .refused, .protocolError: .userError
        }
    }

    static func exitCode(for code: DomainError.Code) -> CommandFailure.Kind {
        switch code {
        case .invalid, .ambiguous: .userError
        case .notFound: .notFound
        case .refused: .refused
        }
    }
}

func printError(_ message: String) {
    var standardError = StandardError()
    print("outpost: \(message)", to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleOutput.standardError(string)
    }
}
