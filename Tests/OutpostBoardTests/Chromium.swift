import Foundation

/// Debian's headless Chromium, run as a program: the DOM a page produces and a screenshot of it,
/// each in a fresh profile so runs never share cookies or lock one another's files.
struct Chromium {
    let path: String

    /// The browser on this machine, or nil (the browser tests then say why they are skipped).
    static let installed: Chromium? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }.map(Chromium.init)

    static var missingReason: String {
        "no chromium on this machine: install Debian's (apt-get install -y chromium); .ci/run does"
    }

    /// The serialised DOM after the page (and any redirects) loaded.
    func dumpDOM(_ url: String, in directory: URL) throws -> String {
        String(decoding: try run(["--dump-dom", url], in: directory), as: UTF8.self)
    }

    /// A 1280×800 PNG of the page, written to `file`.
    func screenshot(_ url: String, to file: URL, in directory: URL) throws {
        _ = try run(["--screenshot=\(file.path)", "--window-size=1280,800", "--hide-scrollbars", url], in: directory)
    }

    private func run(_ arguments: [String], in directory: URL) throws -> Data {
        let profile = directory.appendingPathComponent("profile-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        // A hung browser must not hang the test run.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments =
            [
                "90", path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(profile.path)",
            ]
            + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = profile.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ChromiumFailure(status: process.terminationStatus, arguments: arguments.filter { !$0.contains("token=") })
        }
        return data
    }
}
