import ArgumentParser
import Foundation
import TablaAudio
import TablaSynthesis

/// Lehra, tanpura and levels: what `tabla render` plays under the tabla for practice.
struct PracticeArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Loop a lehra under the tabla: a name from `tabla lehras`, or a taal for its default lehra.", valueName: "name|taal"))
    var lehra: String?

    @Option(help: ArgumentHelp("Loop the lehra in this file (sargam, docs/SOUND.md).", valueName: "file"))
    var lehraFile: String?

    @Flag(help: "Add a tanpura drone tuned to --sa.")
    var tanpura = false

    @Option(help: "The tanpura's first string: pa (Pa-Sa-Sa-Sa), ma (Ma-Sa-Sa-Sa) or ni (Ni-Sa-Sa-Sa).")
    var tanpuraTuning: Accompanist.TanpuraTuning = .pa

    @Option(help: ArgumentHelp("Level of the tabla in dB.", valueName: "db"))
    var tablaLevel = 0.0

    @Option(help: ArgumentHelp("Level of the lehra in dB.", valueName: "db"))
    var lehraLevel = -8.0

    @Option(help: ArgumentHelp("Level of the tanpura in dB.", valueName: "db"))
    var tanpuraLevel = -14.0

    @Option(help: ArgumentHelp("Level of the --click track in dB.", valueName: "db"))
    var clickLevel = RenderOptions.clickLevel

    func validate() throws {
        if lehra != nil && lehraFile != nil { throw ValidationError("give --lehra or --lehra-file, not both") }
        if let lehra, Lehra.named(lehra) == nil {
            throw ValidationError("--lehra \(lehra): no such lehra or taal with one; the lehras are \(Lehra.shipped.map(\.name).joined(separator: ", "))")
        }
        for (flag, db) in [("--tabla-level", tablaLevel), ("--lehra-level", lehraLevel), ("--tanpura-level", tanpuraLevel), ("--click-level", clickLevel)] {
            guard db.isFinite && (-60...24).contains(db) else { throw ValidationError("\(flag) must be between -60 and 24 dB") }
        }
    }

    /// The accompaniment these arguments ask for, at Sa `sa` hertz.
    func accompaniment(sa: Double) throws -> Accompaniment {
        var a = Accompaniment()
        a.sa = sa
        if let lehra { a.lehra = Lehra.named(lehra) }
        if let lehraFile {
            guard let data = FileManager.default.contents(atPath: lehraFile), let text = String(data: data, encoding: .utf8) else {
                throw LehraError.cannotRead(path: lehraFile)
            }
            a.lehra = try Lehra.parse(text, file: lehraFile, taalMatras: Lehra.taalMatras)
        }
        a.tanpura = tanpura ? tanpuraTuning : nil
        a.tablaLevel = tablaLevel
        a.lehraLevel = lehraLevel
        a.tanpuraLevel = tanpuraLevel
        a.clickLevel = clickLevel
        return a
    }
}

extension Accompanist.TanpuraTuning: ExpressibleByArgument {}
