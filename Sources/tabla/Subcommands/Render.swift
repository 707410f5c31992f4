import ArgumentParser
import Foundation
import TablaAudio
import TablaNotation

extension Tabla {
    /// `tabla render FILE -o OUT`: a composition to audio.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a composition to an audio file (.wav, .flac, .ogg, .aiff).",
            discussion: """
                The composition is checked first and not rendered if it has errors. Without \
                --samples the built-in synthesised bank is used (the one in Samples/, four takes of each \
                sound, used in turn or with --takes random at random), tuned to --sa. \
                With --samples DIR, DIR holds recordings named by bol (dha.wav, Tin.flac) or one folder \
                of takes per bol (Dha/Dha01.wav); bols without a recording are mixed from their \
                strokes. The output is peak-normalised to -1 dBFS and written atomically.
                """
        )

        @Argument(help: "A .bol file, or - for standard input.")
        var file: String

        @Option(name: .shortAndLong, help: ArgumentHelp("Output file; the extension picks the format.", valueName: "out"))
        var output: String

        @Option(name: .customLong("laya"), help: ArgumentHelp("Matras per minute or a laya (vilambit, madhya, drut...), overriding the file.", valueName: "bpm"))
        var layaArgument: LayaArgument?
        var laya: Double? { layaArgument?.matrasPerMinute }

        @Option(help: ArgumentHelp("Render only this section.", valueName: "name"))
        var section: String?

        @Option(help: "Seed for --humanize and --takes random.")
        var seed: UInt64 = 0

        @OptionGroup var rendering: RenderArguments

        @OptionGroup var taalOptions: ReadingOptions

        func validate() throws {
            try checkOutputPath(output, flag: "-o")
            try rendering.validate(output: output, flag: "-o")
            if let laya, let problem = LayaName.problem(laya) { throw ValidationError("--laya \(laya) \(problem)") }
        }

        func run() throws {
            let composition = try checkedComposition(file, parser: try taalOptions.parser(), notDone: "not rendered")
            print(try rendering.render(composition, to: output, laya: laya, section: section, seed: seed))
        }
    }
}

