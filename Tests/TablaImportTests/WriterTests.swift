import Foundation
import Testing
import TablaNotation
@testable import TablaImport

@Suite("Writing imported files")
struct WriterTests {
    func composition(_ name: String, _ text: String) -> ImportedComposition {
        ImportedComposition(composition: Composition(taal: TaalCatalogue.standard.taal(named: "dadra")!), text: text,
                            baseName: name, file: "x", checkWarnings: [])
    }

    @Test func writesRefusesAndForces() throws {
        let folder = temporaryFolder() + "/new/out"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = ImportWriter(directory: folder)
        let items = [composition("kaida", "one\n"), composition("kaida", "two\n"), composition("tihai", "three\n")]
        let paths = writer.paths(for: items)
        #expect(paths == [folder + "/kaida.bol", folder + "/kaida-2.bol", folder + "/tihai.bol"])
        #expect(writer.existing(paths).isEmpty)
        try writer.prepareDirectory()
        for (item, path) in zip(items, paths) { try writer.write(item.text, to: path) }
        #expect(try String(contentsOfFile: paths[1], encoding: .utf8) == "two\n")
        #expect(writer.existing(paths) == paths)
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["kaida-2.bol", "kaida.bol", "tihai.bol"])
        #expect(throws: ImportWriteError.self) { try writer.write("changed\n", to: paths[0]) }
        #expect(try String(contentsOfFile: paths[0], encoding: .utf8) == "one\n")
        try ImportWriter(directory: folder, overwrite: true).write("changed\n", to: paths[0])
        #expect(try String(contentsOfFile: paths[0], encoding: .utf8) == "changed\n")
        // A file where the folder should be is refused.
        #expect(throws: ImportWriteError.self) { try ImportWriter(directory: paths[2]).prepareDirectory() }
    }
}
