// swift-tools-version:6.0
import PackageDescription
import Foundation

// The LSTM engine's SIMD kernels (gate nonlinearities, cell update) are compiled for
// AVX2 and FMA on x86-64 (`-target-cpu haswell`, any x86-64 CPU since 2013): the
// baseline SSE2 build runs the forward cell kernel at 11.4 ns per unit against 6.4
// (docs/ENGINE.md). `tabla` checks the CPU before it runs the engine and says so if
// the features are missing; `TABLA_ENGINE_CPU=x86-64 swift build` builds for any
// x86-64 CPU, and `TABLA_ENGINE_CPU=<name>` for another clang CPU name.
#if arch(x86_64)
let engineCPU = ProcessInfo.processInfo.environment["TABLA_ENGINE_CPU"] ?? "haswell"
#else
let engineCPU = ProcessInfo.processInfo.environment["TABLA_ENGINE_CPU"] ?? ""
#endif
let engineCPUSettings: [SwiftSetting] = engineCPU.isEmpty ? [] : [.unsafeFlags(["-target-cpu", engineCPU])]
// TablaSupport (compiled for the baseline) knows which features the engine needs.
let engineCPUDefines: [SwiftSetting] = engineCPU == "haswell" ? [.define("TABLA_ENGINE_AVX2")] : []

let package = Package(
    name: "tabla",
    products: [
        .library(name: "TablaNotation", targets: ["TablaNotation"]),
        .library(name: "TablaSynthesis", targets: ["TablaSynthesis"]),
        .library(name: "TablaAudio", targets: ["TablaAudio"]),
        .executable(name: "tabla", targets: ["tabla"]),
        .library(name: "TablaML", targets: ["TablaML"]),
        .library(name: "TablaGeneration", targets: ["TablaGeneration"]),
        .library(name: "TablaImport", targets: ["TablaImport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure Swift helpers every module shares (seeded random numbers, FNV hash, atomic
        // writes, JSON settings), so that the notation and the LSTM engine need not depend
        // on each other to share them. No C.
        .target(name: "TablaSupport", swiftSettings: engineCPUDefines),
        .testTarget(name: "TablaSupportTests", dependencies: ["TablaSupport"]),
        // Pure Swift: the musical model, parser, validator and printer. No C.
        .target(name: "TablaNotation", dependencies: ["TablaSupport"]),
        // The command-line tool: argument parsing only; the libraries do the work.
        .executableTarget(
            name: "tabla",
            dependencies: [
                "TablaNotation",
                "TablaSynthesis",
                "TablaAudio",
                "TablaGeneration",
                "TablaImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Release-mode benchmarks (`make bench`), never run as tests.
        .executableTarget(name: "notation-bench", dependencies: ["TablaNotation"]),
        .testTarget(name: "TablaNotationTests", dependencies: ["TablaNotation"]),
        // Other notations (CompMusic scores, Tabalchi JSON, Bol Processor items) into .bol: pure Swift.
        .target(name: "TablaImport", dependencies: ["TablaNotation"]),
        .testTarget(name: "TablaImportTests", dependencies: ["TablaImport", "TablaNotation"]),
        // Sound (issue 3): modal synthesis in pure Swift; audio files through libsndfile
        // and sample-rate conversion through libsamplerate, each behind a system-library shim.
        .systemLibrary(
            name: "CSndFile", path: "Sources/CSndFile", pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]
        ),
        .systemLibrary(
            name: "CSampleRate", path: "Sources/CSampleRate", pkgConfig: "samplerate",
            providers: [.apt(["libsamplerate0-dev"])]
        ),
        .target(name: "TablaSynthesis", dependencies: ["TablaNotation"]),
        .target(name: "TablaAudio", dependencies: ["TablaNotation", "TablaSynthesis", "CSndFile", "CSampleRate"]),
        .executableTarget(name: "render-bench", dependencies: ["TablaNotation", "TablaSynthesis", "TablaAudio"]),
        .testTarget(name: "TablaSynthesisTests", dependencies: ["TablaSynthesis", "TablaNotation"]),
        .testTarget(name: "TablaAudioTests", dependencies: ["TablaAudio", "TablaSynthesis", "TablaNotation"]),
        // The command-line tool, run as a user runs it.
        .testTarget(name: "tablaTests", dependencies: ["TablaAudio"]),
        // LSTM engine. Only CBLAS and CEngine touch C; any CBLAS with pkg-config "openblas" fits.
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // The engine's packed-weight product for the recurrent steps (AVX-512, chosen at
        // run time; plain C elsewhere). Optimised in debug builds too, like TablaML.
        .target(name: "CEngine", path: "Sources/CEngine",
                cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        // The engine's SIMD kernels run ~50x slower unoptimised, which would make every
        // test that steps a model crawl: optimise this one module in debug builds too.
        .target(name: "TablaML", dependencies: ["TablaSupport", "CBLAS", "CEngine"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))] + engineCPUSettings),
        .testTarget(name: "TablaMLTests", dependencies: ["TablaML"]),
        // The taal-aware bol model: representation, training, n-gram baselines, decoding.
        .target(
            name: "TablaGeneration",
            dependencies: ["TablaNotation", "TablaML"],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "TablaGenerationTests", dependencies: ["TablaGeneration"]),
        .executableTarget(
            name: "lstm-bench",
            dependencies: [
                "TablaML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)
