import ArgumentParser

/// The `tabla` command: read, validate and print tabla compositions.
@main
struct Tabla: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tabla",
        abstract: "Read, check, print, render and generate tabla compositions written in bols.",
        discussion: "Compositions are .bol files; see docs/NOTATION.md for the format.",
        subcommands: [Check.self, Print.self, Taals.self, Render.self, Samples.self, Train.self, Eval.self, Generate.self]
    )
}
