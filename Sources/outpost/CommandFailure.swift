import ArgumentParser
import OutpostStore

/// A failure reported to the user as one line and an exit code (see `outpost --help`).
struct CommandFailure: Error, CustomStringConvertible {
    enum Kind: Int32 {
        case userError = 1
        case usage = 2
        case notFound = 3
        case refused = 4
    }

    var kind: Kind
    var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    var description: String { message }
}

extension ParsableCommand {
    /// Runs a command body, turning store and command failures into one line on standard error
    /// and the documented exit code; no stack traces for user mistakes.
    func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            printError(failure.message)
            throw ExitCode(failure.kind.rawValue)
        } catch let error as StoreError {
            printError(error.message)
            throw ExitCode(Self.exitCode(for: error.code).rawValue)
        }
    }

    static func exitCode(for code: StoreError.Code) -> CommandFailure.Kind {
        switch code {
        case .unknownRow, .notInitialised: .notFound
        case .readOnly, .changeIDReused, .duplicateStationCode: .refused
        default: .userError
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
