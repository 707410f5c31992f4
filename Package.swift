// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tabla",
    products: [
        .library(name: "TablaNotation", targets: ["TablaNotation"]),
        .executable(name: "tabla", targets: ["tabla"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure Swift: the musical model, parser, validator and printer. No C.
        .target(name: "TablaNotation"),
        // The command-line tool: argument parsing only; the libraries do the work.
        .executableTarget(
            name: "tabla",
            dependencies: [
                "TablaNotation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Release-mode benchmarks (`make bench`), never run as tests.
        .executableTarget(name: "notation-bench", dependencies: ["TablaNotation"]),
        .testTarget(name: "TablaNotationTests", dependencies: ["TablaNotation"]),
    ]
)
