import Foundation
import Testing

/// `tabla train` and `tabla eval` end to end on a tiny corpus, as a user runs them.
@Suite("tabla train and eval on the command line")
struct TrainCommandTests {
    func run(_ arguments: [String]) throws -> Tabla.Result { try Tabla.run(arguments) }

    /// Teentaal's theka, and rotations of it: every one 16 matras of one bol.
    static let theka = ["Dha", "Dhin", "Dhin", "Dha", "Dha", "Dhin", "Dhin", "Dha", "Dha", "Tin", "Tin", "Ta", "Ta", "Dhin", "Dhin", "Dha"]

    /// `count` compositions of `cycles` Teentaal cycles each in a new folder.
    static func corpus(_ count: Int, cycles: Int, name: String = #function) throws -> String {
        let folder = temporaryFolder(name)
        for k in 0..<count {
            let r = k % 16
            let bols = Array(Self.theka[r...] + Self.theka[..<r])
            let line = stride(from: 0, to: 16, by: 4).map { bols[$0..<($0 + 4)].joined(separator: " ") }.joined(separator: " | ") + " ||\n"
            try ("taal: teentaal\n" + String(repeating: line, count: cycles))
                .write(toFile: folder + "/c\(k).bol", atomically: true, encoding: .utf8)
        }
        return folder
    }

    static let tiny = ["--embedding", "4", "--hidden", "8", "--layers", "1", "--batch-size", "2", "--steps", "8", "--epochs", "3"]

    @Test func regularizersReachTheModelFile() throws {
        let folder = try Self.corpus(6, cycles: 2)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/m.tablamodel"
        let t = try run(["train", "--corpus", folder, "-o", model, "--tied", "--embedding-dropout", "0.25",
                         "--variational-dropout"] + Self.tiny)
        #expect(t.status == 0, "\(t.stderr)")
        // The checkpoint's JSON header records the shape: tied to the hidden size (8, not --embedding 4).
        let header = String(decoding: try Data(contentsOf: URL(fileURLWithPath: model)).prefix(400), as: UTF8.self)
        for field in ["\"embeddingDropout\":0.25", "\"embeddingSize\":8", "\"hiddenSize\":8", "\"tiedEmbedding\":true",
                      "\"variationalDropout\":true"] {
            #expect(header.contains(field), "\(field)")
        }
        let g = try run(["generate", "--model", model, "--cycles", "1", "--layakari", "1"])
        #expect(g.status == 0, "\(g.stderr)")
        #expect(try run(["train", "--corpus", folder, "-o", model, "--embedding-dropout", "1"]).status == 64)
    }

    @Test func trainWritesAModelThatGeneratesAndEvaluates() throws {
        let folder = try Self.corpus(10, cycles: 2)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/m.tablamodel"
        let t = try run(["train", "--corpus", folder, "-o", model] + Self.tiny)
        #expect(t.status == 0, "\(t.stderr)")
        for file in [model, model + ".losses.csv", model + ".losses.svg"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
        }
        // "train X, validation Y, test Z" on standard error: 10 compositions in all.
        let split = try #require(t.stderr.split(separator: "\n").first { $0.hasPrefix("corpus: 10 compositions") })
        let counts = split.split(separator: ";")[1].split(separator: ",").map { Int($0.split(separator: " ").last!)! }
        #expect(counts.count == 3 && counts.reduce(0, +) == 10 && counts.allSatisfy { $0 >= 1 }, "\(split)")
        // 33 tokens a composition: a boundary and 2 x 16 bols.
        #expect(split.contains("330 tokens"))
        #expect(t.stderr.contains("wrote \(model)"))

        // The file reloads: generation from it gives one valid Teentaal cycle.
        let g = try run(["generate", "--model", model, "--cycles", "1", "--layakari", "1", "--seed", "4"])
        #expect(g.status == 0, "\(g.stderr)")
        #expect(g.stdout.contains("taal: Teentaal") && g.stdout.contains("(m.tablamodel)"))
        let check = try Tabla.run(["check", "-"], input: g.output)
        #expect(check.status == 0, "\(check.stderr)")

        // eval scores the held-out compositions: 32 bols each.
        let e = try run(["eval", "--model", model, "--corpus", folder, "--cycles", "4"])
        #expect(e.status == 0, "\(e.stderr)")
        let (train, test) = (counts[0], counts[2])
        #expect(e.stdout.hasPrefix("Held out: \(test) compositions never used in training or early stopping; "
                                   + "baselines trained on the model's \(train) training compositions."))
        #expect(e.stdout.contains("| model | bits/bol | cross-entropy (nats/bol) | perplexity | next-bol accuracy |"))
        for row in ["| LSTM (this model) |", "| short-term (the piece so far) |", "| LSTM + short-term (generation uses this) |",
                    "| unigram (add-one) |", "| Kneser-Ney 3-gram |", "| Kneser-Ney 5-gram |", "| Kneser-Ney 5-gram + short-term |"] {
            #expect(e.stdout.contains(row), "\(row)")
        }
        #expect(e.stdout.contains("Scored bols: \(32 * test)."))
        #expect(e.stdout.contains("| corpus (training, \(2 * train) cycles) |"))
        #expect(e.stdout.contains("): 4 cycles."))

        // --all scores every composition; --format json names the models for other tools.
        let j = try run(["eval", "--model", model, "--corpus", folder, "--all", "--format", "json", "--cycles", "0"])
        #expect(j.status == 0, "\(j.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        #expect(object?["tokens"] as? Int == 32 * counts.reduce(0, +))
        let names = (object?["models"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["lstm", "short-term", "mixture", "unigram", "kn3", "kn5", "kn5+short-term", "mixture-uniform-backoff"])
        #expect((object?["compositions"] as? [Any])?.count == counts.reduce(0, +))
    }

    @Test func foldsScoreEveryCompositionOnceAndWriteNoModel() throws {
        let folder = try Self.corpus(6, cycles: 2, name: "folds")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/m.tablamodel"
        let t = try run(["train", "--corpus", folder, "-o", model, "--folds", "3"] + Self.tiny)
        #expect(t.status == 0, "\(t.stderr)")
        #expect(!FileManager.default.fileExists(atPath: model))
        #expect(t.stdout.hasPrefix("Cross-validation: 3 folds"))
        // 6 compositions of 32 bols, two a fold.
        #expect(t.stdout.contains("Bols per fold: 64, 64, 64;"))
        for row in ["| LSTM (this model) |", "| LSTM + short-term (generation uses this) |", "| Kneser-Ney 5-gram + short-term |"] {
            #expect(t.stdout.contains(row), "\(row)")
        }
        let bad = try run(["train", "--corpus", folder, "--folds", "1"])
        #expect(bad.status != 0 && bad.stderr.contains("--folds must be 2 or more"))
    }

    @Test func trainOnEveryCompositionWithFixedEpochs() throws {
        let folder = try Self.corpus(4, cycles: 2, name: "whole")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/m.tablamodel"
        let t = try run(["train", "--corpus", folder, "-o", model, "--test", "0", "--validation", "0"] + Self.tiny)
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stderr.contains("train 4, validation 0, test 0"))
        #expect(t.stderr.contains("kept the last epoch, 3 (no validation compositions); wrote \(model)"))
        // Nothing is held out, so eval needs --all.
        let e = try run(["eval", "--model", model, "--corpus", folder, "--all", "--cycles", "0", "--form-seeds", "0"])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stdout.hasPrefix("Scored: all 4 compositions of the folder; baselines trained on the model's 4 training compositions."))
    }

    @Test(arguments: [
        // 4 one-cycle files split 2 / 1 / 1; 2 x (1 boundary + 16 bols) = 34 training tokens.
        (4, ["--steps", "500"],
         "error: the 2 training compositions hold 34 tokens, too few for batches of 500 steps; lower --steps or add compositions"),
        (2, [], "error: a corpus needs at least 3 compositions to split into train, validation and test; found 2"),
        (0, [], "no-corpus: error: no valid .bol compositions found"),
    ])
    func tooSmallACorpusIsOneCleanLine(files: Int, options: [String], expected: String) throws {
        let folder = try Self.corpus(files, cycles: 1, name: "small\(files)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let t = try run(["train", "--corpus", folder, "-o", folder + "/m.tablamodel"] + options)
        #expect(t.status == 1)
        let errors = t.stderr.split(separator: "\n").filter { $0.lowercased().contains("error") }
        let want = expected.replacingOccurrences(of: "no-corpus", with: folder)
        #expect(errors == [Substring(want)], "\(t.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/m.tablamodel"))
    }

    @Test func evalWithAMissingModelIsOneCleanLine() throws {
        let folder = try Self.corpus(3, cycles: 1)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let e = try run(["eval", "--model", folder + "/none.tablamodel", "--corpus", folder])
        #expect(e.status == 1)
        let lines = e.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix(folder + "/none.tablamodel: error: cannot access checkpoint: "), "\(e.stderr)")
    }
}
