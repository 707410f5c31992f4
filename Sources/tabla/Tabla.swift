import ArgumentParser

/// The `tabla` command: read, validate and print tabla compositions.
@main
struct Tabla: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tabla",
        abstract: "Read, check, print, render and generate tabla compositions written in bols.",
        discussion: "Compositions are .bol files; see docs/NOTATION.md for the format.",
        subcommands: [Check.self, Print.self, Taals.self, Render.self, Samples.self, Train.self, Eval.self, Generate.self,
                      Khali.self, Tihai.self, Import.self]
    )

    /// Runs the command. `--weight -=0.9` (a rest weight, as players write it) starts
    /// with a dash, which ArgumentParser would take for an option: it is joined into
    /// `--weight=-=0.9` first.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var i = 0
        while i + 1 < arguments.count {
            if arguments[i] == "--weight", arguments[i + 1].hasPrefix("-") {
                arguments[i] = "--weight=" + arguments.remove(at: i + 1)
            }
            i += 1
        }
        main(arguments)
    }
}
