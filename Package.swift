// swift-tools-version: 6.1
import PackageDescription

/// Upcoming language features every target builds with (see DESIGN.md §1: one module per part,
/// dependencies pointing one way).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Outpost",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "outpost", targets: ["outpost"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Merge core: clock, versions, changes, registers, schema. Standard library only.
        .target(name: "OutpostCore", swiftSettings: swiftSettings),
        // Station store: the SQLite replica. The only target that imports GRDB.
        .target(
            name: "OutpostStore",
            dependencies: ["OutpostCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // The staff's terminal front.
        .executableTarget(
            name: "outpost",
            dependencies: [
                "OutpostCore", "OutpostStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared fixtures and the independent reference model the convergence tests compare with.
        .target(name: "OutpostTestSupport", dependencies: ["OutpostCore"], path: "Tests/OutpostTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "OutpostCoreTests", dependencies: ["OutpostCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "OutpostStoreTests",
            dependencies: ["OutpostCore", "OutpostStore", "OutpostTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
