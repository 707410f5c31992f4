import ArgumentParser
import Foundation
import TablaNotation

/// The `tabla` command: read, validate and print tabla compositions.
@main
struct Tabla: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tabla",
        abstract: "Read, check, print, render and generate tabla compositions written in bols.",
        discussion: "Compositions are .bol files; see docs/NOTATION.md for the format.",
        version: version,
        subcommands: [Check.self, Print.self, Taals.self, Render.self, Samples.self, Train.self, Eval.self, Generate.self,
                      Khali.self, Tihai.self, Import.self, Lehras.self]
    )

    /// Options whose value is a level in dB, which may start with a minus sign.
    static let levelOptions: Set<String> = ["--tabla-level", "--lehra-level", "--tanpura-level", "--click-level", "--accent"]

    /// Runs the command. `--weight -=0.9` (a rest weight, as players write it) starts
    /// with a dash, which ArgumentParser would take for an option: it is joined into
    /// `--weight=-=0.9` first.
    ///
    /// Every error is printed here, once, in one format: usage errors by ArgumentParser
    /// (exit 64), input errors as `file: error: message` (exit 1). Subcommands that print
    /// their own diagnostics stop with `ExitCode(1)`.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var i = 0
        while i + 1 < arguments.count {
            if arguments[i] == "--weight", arguments[i + 1].hasPrefix("-") {
                arguments[i] = "--weight=" + arguments.remove(at: i + 1)
            } else if Self.levelOptions.contains(arguments[i]), arguments[i + 1].hasPrefix("-"), Double(arguments[i + 1]) != nil {
                // `--lehra-level -6`: levels in dB are mostly negative.
                arguments[i] += "=" + arguments.remove(at: i + 1)
            }
            i += 1
        }
        StandardStreams.handleInterrupts()
        do {
            var command = try parseAsRoot(arguments)
            // The commands that run the LSTM engine, whose kernels may need AVX2 and FMA.
            if command is Train || command is Eval || command is Generate { try EngineCPU.check() }
            try command.run()
            StandardStreams.exit(0)
        } catch let error as any ReportableError {
            StandardStreams.writeError(error.report + "\n")
            StandardStreams.exit(1)
        } catch {
            let code = exitCode(for: error)
            // Help and version go to standard output as ArgumentParser prints them.
            guard code != .success else {
                let help = fullMessage(for: error)
                if !help.isEmpty { print(help) }
                StandardStreams.exit(0)
            }
            // Usage errors in the same `error:` format as every other error.
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }
            if !message.isEmpty { StandardStreams.writeError(message + "\n") }
            StandardStreams.exit(code.rawValue)
        }
    }
}
