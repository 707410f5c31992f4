import Foundation
import Testing

/// Every error printed once, in one format, with the exit code of its kind.
@Suite("Error format and exit codes")
struct ErrorFormatTests {
    static let theka = "taal: teentaal\nDha Dhin Dhin Dha | Dha Dhin Dhin Dha | Dha Tin Tin Ta | Ta Dhin Dhin Dha ||\n"

    @Test(arguments: [
        // A usage error: ArgumentParser's message, in the same lowercase format.
        (["generate", "--layakari", "x"], 64, "error: The value 'x' is invalid for '--layakari <n|pattern>'"),
        (["samples", "--sa", "loud"], 64, "error: The value 'loud' is invalid for '--sa <pitch>'"),
        // Input errors: the file first when there is one.
        (["print", "/no/such.bol"], 1, "/no/such.bol: error: no such file or directory"),
        (["print", "Compositions"], 1, "Compositions: error: is a directory; give a .bol file"),
        (["taals", "zzz"], 1, "error: unknown taal 'zzz'"),
        (["eval", "--corpus", "/no/such/dir"], 1, "/no/such/dir: error: not a folder of .bol files"),
        (["render", "-", "-o", "/tmp/never.wav", "--section", "nope"], 1,
         "error: no section named 'nope'; the sections are: none (the composition has no [name] lines)"),
    ])
    func oneLineInOneFormat(arguments: [String], status: Int32, first: String) throws {
        let r = try Tabla.run(arguments, input: Self.theka)
        #expect(r.status == status, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.first.map { $0.hasPrefix(first) } == true, "\(r.stderr)")
        // One error line, and never ArgumentParser's capitalised prefix or a doubled one.
        #expect(lines.filter { $0.contains("error:") }.count == 1, "\(r.stderr)")
        #expect(!r.stderr.contains("Error:") && !r.stderr.contains("error: error:"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
