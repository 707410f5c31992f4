import Foundation
import Testing
@testable import TablaNotation

@Suite("Compositions/ corpus")
struct CorpusTests {
    @Test func corpusIsLargeAndBroad() throws {
        let files = corpusFiles()
        #expect(files.count >= 60)
        let forms = try files.compactMap { try NotationParser().parse(String(contentsOf: $0, encoding: .utf8)).0.form }
        let teentaalKaidas = files.filter { $0.deletingLastPathComponent().lastPathComponent == "teentaal" && $0.lastPathComponent.hasPrefix("kaida") }
        #expect(teentaalKaidas.count >= 10)
        for form in [Form.theka, .kaida, .rela, .tukda, .mukhda, .chakradar, .tihai] {
            #expect(forms.contains(form), "no \(form) in the corpus")
        }
        for folder in ["jhaptaal", "ektaal", "rupak"] {
            let pieces = files.filter { $0.deletingLastPathComponent().lastPathComponent == folder && $0.lastPathComponent != "theka.bol" }
            #expect(!pieces.isEmpty, "no kaida or tukda in \(folder)")
        }
    }

    @Test func everyFileChecksCleanAndNamesItsSource() throws {
        for url in corpusFiles() {
            let (c, d) = NotationParser().check(try String(contentsOf: url, encoding: .utf8))
            #expect(errors(d).isEmpty, "\(url.lastPathComponent): \(errors(d))")
            #expect(c.source?.isEmpty == false, "\(url.lastPathComponent) has no source")
            // Files are organised by taal.
            let folder = url.deletingLastPathComponent().lastPathComponent
            #expect(TaalCatalogue.standard.taal(named: folder) == c.taal, "\(url.lastPathComponent) is in \(folder) but in \(c.taal.name)")
        }
    }

    @Test func teentaalKaidasHavePaltasAndATihai() throws {
        for url in corpusFiles() where url.path.contains("/teentaal/kaida") {
            let c = NotationParser().parse(try String(contentsOf: url, encoding: .utf8)).0
            let paltas = c.sections.filter { $0.name?.lowercased().hasPrefix("palta") == true }
            #expect(paltas.count >= 2, "\(url.lastPathComponent)")
            #expect(c.sections.last?.ends == .sam, "\(url.lastPathComponent) does not end with a tihai on sam")
        }
    }

    @Test func everyTaalFolderHasItsThekaAsCatalogued() throws {
        for taal in TaalCatalogue.standard.taals {
            let folder = taal.name.lowercased().replacingOccurrences(of: " ", with: "-")
            let url = compositionsURL.appendingPathComponent(folder).appendingPathComponent("theka.bol")
            let c = NotationParser().parse(try String(contentsOf: url, encoding: .utf8)).0
            let reference = NotationParser().parse("taal: \(taal.name)\n\(taal.theka)").0
            #expect(c.form == .theka)
            #expect(Array(c.sections[0].matras.prefix(taal.matras).map(\.pulses)) == reference.sections[0].matras.map(\.pulses),
                    "\(folder)/theka.bol differs from the catalogue theka")
        }
    }
}
