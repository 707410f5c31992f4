import Foundation

/// The CPU features the LSTM engine's build needs, and whether this CPU has them.
///
/// Package.swift compiles TablaML's kernels for AVX2 and FMA on x86-64 hosts. This module
/// is compiled for the baseline, so it can check safely before any engine code runs, and
/// a CPU without the features gets an error instead of an illegal-instruction crash.
public enum EngineCPU {
    /// The `/proc/cpuinfo` flags the engine was compiled to use; empty for a baseline build.
    public static var required: [String] {
        #if TABLA_ENGINE_AVX2
        ["avx2", "fma"]
        #else
        []
        #endif
    }

    /// Which of `required` the `flags` lines of `cpuinfo` lack (every CPU's line must
    /// list a feature). Empty when nothing is required or `cpuinfo` has no `flags` line
    /// (another OS, or a kernel that does not say): then there is nothing to go on.
    public static func missing(_ required: [String], cpuinfo: String) -> [String] {
        let flagLines = cpuinfo.split(separator: "\n").filter { $0.hasPrefix("flags") }
        guard !flagLines.isEmpty else { return [] }
        return required.filter { feature in
            !flagLines.allSatisfy { line in
                line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).contains(Substring(feature))
            }
        }
    }

    /// Throws when this CPU lacks a feature the engine's build needs (read from Linux's
    /// `/proc/cpuinfo`; elsewhere nothing is checked).
    public static func check() throws(EngineCPUError) {
        guard !required.isEmpty,
              let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return }
        let lacking = missing(required, cpuinfo: info)
        if !lacking.isEmpty { throw EngineCPUError(missing: lacking) }
    }
}

/// This CPU lacks instructions the LSTM engine was compiled to use.
public struct EngineCPUError: ReportableError, Equatable {
    public let missing: [String]
    public init(missing: [String]) { self.missing = missing }
    public var file: String? { nil }
    public var message: String {
        "this CPU lacks \(missing.joined(separator: " and ")), which this build of the LSTM engine uses; "
            + "rebuild it for any x86-64 CPU with TABLA_ENGINE_CPU=x86-64 swift build -c release"
    }
}
