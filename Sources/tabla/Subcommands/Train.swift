import ArgumentParser
import Foundation
import TablaGeneration
import TablaML

extension Tabla {
    /// `tabla train`: train the bol LSTM on a corpus.
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the taal-aware bol model on a folder of compositions.",
            discussion: """
                Splits the compositions (seeded) into train, validation and test, trains with early stopping \
                on validation loss and keeps the best weights in MODEL. Writes MODEL.losses.csv and \
                MODEL.losses.svg beside it. Progress goes to standard error.
                """
        )

        @Option(help: "Folder of .bol compositions.")
        var corpus: String

        @Option(name: .shortAndLong, help: "Model file to write.")
        var output: String = "model.tablamodel"

        @OptionGroup(title: "Training") var training: TrainingArguments

        @Option(help: "Threads: 2 runs the engine's own thread pair; other counts share BLAS's threads.") var threads = 2

        @Option(help: "Cross-validate: train K models, each scored on the fold it never saw, print the table; no model is written.")
        var folds: Int?

        @OptionGroup var taalOptions: ReadingOptions

        func validate() throws {
            guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256") }
            try checkOutputPath(output, flag: "-o")
        }

        func run() throws {
            let corpus = try Corpus(folder: URL(fileURLWithPath: self.corpus), parser: try taalOptions.parser())
            for (path, diagnostics) in corpus.rejected {
                let file = URL(fileURLWithPath: self.corpus).appendingPathComponent(path).path
                if diagnostics.isEmpty { printError(InputError.unreadable(file).report) }
                for d in diagnostics { printError(d.formatted(file: file)) }
                printError("\(path): skipped: it has errors")
            }
            guard !corpus.entries.isEmpty else { throw CorpusError.empty(path: self.corpus) }
            let options = training.options
            if let note = BLAS.slowKernelNote() { printError(note) }
            if let folds {
                guard folds >= 2 else { throw ValidationError("--folds must be 2 or more") }
                try crossValidate(corpus, options: options, folds: folds)
                return
            }
            let trainer = try BolTrainer(corpus: corpus, options: options)
            printError("corpus: \(corpus.entries.count) compositions, \(corpus.tokenCount) tokens; "
                       + "train \(trainer.train.count), validation \(trainer.validation.count), test \(trainer.test.count)")
            let outputURL = URL(fileURLWithPath: output)
            let command = "tabla train " + CommandLine.arguments.dropFirst(2).joined(separator: " ")
            let progress = ProgressLine()
            StandardStreams.interruptNote.withLock { $0 = "interrupted: nothing written; \(output) is as it was" }
            let (model, reports) = try trainer.run(command: command, output: outputURL, threads: threads) { report in
                if report.improved {
                    let note = String(format: "interrupted: %@ holds epoch %d (validation %.3f nats/bol); loss curves not written",
                                      output, report.epoch, report.validationLoss)
                    StandardStreams.interruptNote.withLock { $0 = note }
                }
                let remaining = Double(options.epochs - report.epoch) * report.seconds
                progress.show(String(format: "epoch %3d/%d  train %.3f  validation %.3f  accuracy %.1f%%  %6.0f tokens/s  ETA %@%@",
                                     report.epoch, options.epochs, report.trainLoss, report.validationLoss,
                                     100 * report.validationAccuracy, report.tokensPerSecond,
                                     Self.duration(remaining), report.improved ? "  (best)" : ""))
            }
            progress.finish()
            try LossCurves(reports).write(besides: outputURL)
            if trainer.validation.isEmpty {
                printError("kept the last epoch, \(model.info.bestEpoch) (no validation compositions); wrote \(output) (+ .losses.csv, .losses.svg)")
            } else {
                printError(String(format: "kept epoch %d: validation %.3f nats/bol, accuracy %.1f%%; wrote %@ (+ .losses.csv, .losses.svg)",
                              model.info.bestEpoch, model.info.validationLoss, 100 * model.info.validationAccuracy, output))
            }
        }

        /// `--folds K`: fold models go to a temporary folder, removed afterwards.
        func crossValidate(_ corpus: Corpus, options: TrainingOptions, folds: Int) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tabla-folds-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let command = "tabla train " + CommandLine.arguments.dropFirst(2).joined(separator: " ")
            let progress = ProgressLine()
            let result = try CrossValidation.run(corpus: corpus, options: options, folds: folds, directory: directory,
                                                 threads: threads, command: command) { fold, report in
                progress.show(String(format: "fold %d/%d  epoch %3d  train %.3f  validation %.3f", fold, folds, report.epoch,
                                     report.trainLoss, report.validationLoss))
            }
            progress.finish()
            print(result.markdown, terminator: "")
        }

        static func duration(_ seconds: Double) -> String {
            let s = max(0, Int(seconds.rounded()))
            return String(format: "%d:%02d", s / 60, s % 60)
        }
    }
}

/// A progress line on standard error: redrawn in place on a terminal, plain lines otherwise.
final class ProgressLine {
    let isTerminal = isatty(2) == 1
    private var lastPlain = Date.distantPast
    private var pending: String?

    func show(_ text: String) {
        if isTerminal {
            StandardStreams.writeError("\r\u{1B}[K" + text)
        } else {
            // Plain lines, at most one a second, so logs stay short.
            pending = text
            if Date().timeIntervalSince(lastPlain) >= 1 {
                printError(text)
                lastPlain = Date()
                pending = nil
            }
        }
    }

    func finish() {
        if isTerminal {
            StandardStreams.writeError("\n")
        } else if let pending {
            printError(pending)
        }
    }
}
