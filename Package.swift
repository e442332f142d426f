// swift-tools-version: 6.1
import PackageDescription

/// Upcoming language features every target builds with.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // Release builds let the store specialise and inline the core's generic code across modules.
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

// One target per part (`docs/ARCHITECTURE.md`, "Parts"); dependencies point one way:
// OutpostCore ← OutpostWire, OutpostStore ← OutpostDomain, OutpostSync, OutpostRelayStore ← OutpostRelay ← OutpostBoard ← executables.
// GRDB is imported by OutpostStore and OutpostRelayStore only, and by the benchmark for its plain-SQLite baseline.
let package = Package(
    name: "Outpost",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "outpost", targets: ["outpost"]),
        .executable(name: "outpost-relay", targets: ["outpost-relay"]),
        .executable(name: "outpost-bench", targets: ["outpost-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Merge core: clock, versions, changes, registers, schema, change batches. Standard library only.
        .target(name: "OutpostCore", swiftSettings: swiftSettings),
        // The system zlib (`zlib1g-dev`).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Wire codec: framed, deflated, checksummed sync messages (Protocol/README.md).
        .target(name: "OutpostWire", dependencies: ["OutpostCore", "CZlib"], swiftSettings: swiftSettings),
        // Station store: the SQLite replica.
        .target(
            name: "OutpostStore",
            dependencies: [
                "OutpostCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The relay's log of record: the push rules, and the log in SQLite or PostgreSQL (its README).
        .target(
            name: "OutpostRelayStore",
            dependencies: [
                "OutpostCore", "OutpostStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Domain: customers, cases, events and the service handbook's workflow rules.
        .target(name: "OutpostDomain", dependencies: ["OutpostCore", "OutpostStore"], swiftSettings: swiftSettings),
        // The station's side of sync: push, pull, bootstrap over HTTP.
        .target(
            name: "OutpostSync",
            dependencies: [
                "OutpostCore", "OutpostWire", "OutpostStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The relay: enrolment, push/pull, snapshots, on Hummingbird 2.
        .target(
            name: "OutpostRelay",
            dependencies: [
                "OutpostCore", "OutpostWire", "OutpostStore", "OutpostRelayStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The supervisor's board: a read-only, server-rendered web view the relay serves at /board.
        .target(
            name: "OutpostBoard",
            dependencies: [
                "OutpostCore", "OutpostStore", "OutpostDomain", "OutpostRelay", "OutpostRelayStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The staff's terminal front.
        .executableTarget(
            name: "outpost",
            dependencies: [
                "OutpostCore", "OutpostStore", "OutpostDomain", "OutpostSync", "OutpostRelay", "OutpostRelayStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The relay operators' front.
        .executableTarget(
            name: "outpost-relay",
            dependencies: [
                "OutpostCore", "OutpostRelay", "OutpostRelayStore", "OutpostStore", "OutpostDomain", "OutpostBoard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // SQLite's session extension, declared by Debian's sqlite3.h only behind two macros: the
        // benchmark's changeset baseline.
        .target(name: "CSQLiteSession", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The benchmark: Outpost beside plain SQLite and SQLite sessions on the same data, in one run.
        .executableTarget(
            name: "outpost-bench",
            dependencies: [
                "OutpostCore", "OutpostWire", "OutpostStore", "OutpostSync", "OutpostRelay", "OutpostRelayStore", "OutpostDomain", "OutpostBoard",
                "CSQLiteSession",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared fixtures and the independent reference model the convergence tests compare with.
        .target(
            name: "OutpostTestSupport",
            dependencies: [
                "OutpostCore", "OutpostWire", "OutpostStore", "OutpostSync", "OutpostRelay", "OutpostRelayStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/OutpostTestSupport",
            swiftSettings: swiftSettings),
        .testTarget(name: "OutpostCoreTests", dependencies: ["OutpostCore"], swiftSettings: swiftSettings),
        .testTarget(name: "OutpostWireTests", dependencies: ["OutpostCore", "OutpostWire", "OutpostTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "OutpostStoreTests",
            dependencies: ["OutpostCore", "OutpostStore", "OutpostTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OutpostDomainTests",
            dependencies: ["OutpostCore", "OutpostStore", "OutpostDomain", "OutpostTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OutpostSyncTests",
            dependencies: [
                "OutpostCore", "OutpostWire", "OutpostStore", "OutpostDomain", "OutpostSync", "OutpostRelay", "OutpostRelayStore",
                "OutpostTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The relay and its log of record, against SQLite and PostgreSQL alike.
        .testTarget(
            name: "OutpostRelayTests",
            dependencies: [
                "OutpostCore", "OutpostWire", "OutpostStore", "OutpostSync", "OutpostRelay", "OutpostRelayStore", "OutpostTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OutpostBoardTests",
            dependencies: [
                "OutpostCore", "OutpostWire", "OutpostStore", "OutpostDomain", "OutpostSync", "OutpostRelay", "OutpostRelayStore", "OutpostBoard",
                "OutpostTestSupport",
                "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // End-to-end tests that run the built executables.
        .testTarget(
            name: "OutpostCLITests",
            dependencies: ["OutpostTestSupport", "OutpostCore", "OutpostStore", "OutpostSync", "OutpostRelayStore"],
            swiftSettings: swiftSettings),
    ]
)
