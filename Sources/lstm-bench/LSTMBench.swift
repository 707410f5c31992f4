import ArgumentParser
import Foundation
import TablaML

/// Release-mode speed benchmark of the LSTM engine on the shared corpus: trains for a
/// fixed time, generates at batch 1, measures the sgemm rates of the shapes it uses,
/// and prints one JSON line.
@main
struct LSTMBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstm-bench",
        abstract: "Measure TablaML training and generation speed; prints one JSON line.")

    @Option(help: "Corpus of space-separated tokens (b00 .. b47).")
    var corpus = "../shared/bench/corpus.txt"
    @Option(help: "Stacked LSTM layers.")
    var layers = 2
    @Option(help: "Units per LSTM layer.")
    var hidden = 256
    @Option(help: "Embedding width.")
    var embedding = 32
    @Option(help: "Streams per batch.")
    var batch = 64
    @Option(help: "Steps per stream (BPTT length).")
    var steps = 64
    @Option(help: "Dropout between layers.")
    var dropout: Float = 0.2
    @Option(help: "Adam learning rate.")
    var learningRate: Float = 1e-3
    @Option(help: "Seconds of timed training after the warm-up.")
    var seconds: Double = 20
    @Option(help: "Untimed warm-up training steps.")
    var warmup = 3
    @Option(help: "BLAS threads (openblas_set_num_threads).")
    var threads = 2
    @Option(help: "Tokens to generate at batch 1.")
    var generate = 2000
    @Option(help: "Sampling temperature for generation.")
    var temperature: Float = 1
    @Option(help: "Seed for weights, dropout, epoch offsets and sampling.")
    var seed: UInt64 = 1
    @Flag(inversion: .prefixedNo, help: "Measure raw sgemm/sgemv rates on the model's shapes.")
    var sgemm = true
    @Option(help: "Divide each pass between the model's thread pair (on) or leave the threads to BLAS (off).")
    var split = "on"
    @Option(help: "With the split, which products run on the engine's AVX-512 kernel over a packed operand, where the CPU runs it: none (OpenBLAS sgemm throughout), steps (the recurrent steps, weights packed once per layer) or all.")
    var packed = "steps"
    @Option(help: "Train exactly this many timed steps instead of --seconds (for loss curves).")
    var trainSteps = 0

    func validate() throws {
        guard layers > 0, hidden > 0, embedding > 0, batch > 0, steps > 0, threads > 0 else {
            throw ValidationError("sizes and thread count must be positive")
        }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        guard ["on", "off"].contains(split) else { throw ValidationError("--split takes on or off") }
        guard PackedKernelUse(rawValue: packed) != nil else { throw ValidationError("--packed takes none, steps or all") }
        guard trainSteps >= 0 else { throw ValidationError("--train-steps must not be negative") }
    }

    func run() throws {
        try EngineCPU.check()
        BLAS.setThreadCount(threads)
        let text: String
        do {
            text = try String(contentsOfFile: corpus, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read corpus \(corpus): \(error.localizedDescription)")
        }
        var vocabulary: [String: Int32] = [:]
        var tokens: [Int32] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let w = String(word)
            if let id = vocabulary[w] {
                tokens.append(id)
            } else {
                let id = Int32(vocabulary.count)
                vocabulary[w] = id
                tokens.append(id)
            }
        }
        // The reference configuration fixes the vocabulary at 48 even if a smaller
        // corpus misses some symbols.
        let vocabSize = max(48, vocabulary.count)
        let config = LSTMConfig(
            vocabularySize: vocabSize, embeddingSize: embedding, hiddenSize: hidden, layerCount: layers,
            dropout: dropout)
        var rng = SplitMix64(seed: seed)
        let model = try LSTMModel(config: config, rng: &rng)
        model.usesThreadPair = split == "on" && threads >= 2
        model.packedKernelUse = PackedKernelUse(rawValue: packed)!
        let trainer = Trainer(model: model, learningRate: learningRate, clipNorm: 5, seed: seed &+ 1)
        let batcher = try SequenceBatcher(tokens: tokens, batchSize: batch, steps: steps)

        var offset = batcher.randomOffset(using: &rng)
        var index = 0
        func nextBatch() -> TrainingBatch {
            if index >= batcher.batchCount(offset: offset) {
                trainer.resetState()
                offset = batcher.randomOffset(using: &rng)
                index = 0
            }
            defer { index += 1 }
            return batcher.batch(index, offset: offset)
        }
        for _ in 0..<warmup {
            try trainer.step(nextBatch())
        }
        // Batches are cut outside the timed region: the figure is the engine's rate.
        var timedSteps = 0
        var trainTime = 0.0
        var lastLoss: Float = 0
        var losses: [Float] = []
        var stepSeconds: [Double] = []
        let cpuStart = Self.processCPUSeconds()
        while trainSteps > 0 ? timedSteps < trainSteps : trainTime < seconds {
            let b = nextBatch()
            let start = DispatchTime.now().uptimeNanoseconds
            lastLoss = try trainer.step(b).loss
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            trainTime += elapsed
            stepSeconds.append(elapsed)
            timedSteps += 1
            losses.append(lastLoss)
        }
        let trainCPU = Self.processCPUSeconds() - cpuStart
        let trainTokens = Double(timedSteps * batch * steps)
        let trainRate = trainTokens / trainTime
        // On a shared machine other tenants only ever add time to a step, so the rate of
        // the fastest tenth of the steps is the steadier figure for comparing builds.
        let fastStep = stepSeconds.sorted()[stepSeconds.count / 10]
        let trainRateP10 = Double(batch * steps) / fastStep
        let flopsPerToken = 6.0 * Double(config.forwardMultiplyAddsPerToken)
        let trainGflops = trainRate * flopsPerToken / 1e9

        let gen = InferenceState(model: model, batchSize: 1)
        var sampleRNG = SplitMix64(seed: seed &+ 2)
        var token: Int32 = tokens[0]
        func genStep() throws {
            let next = try gen.step(tokens: [token]) { logits in
                Sampler.sample(logits: logits, temperature: temperature, rng: &sampleRNG)
            }
            token = Int32(next)
        }
        for _ in 0..<20 {
            try genStep()
        }
        let genStart = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<generate {
            try genStep()
        }
        let genTime = Double(DispatchTime.now().uptimeNanoseconds - genStart) / 1e9
        let genRate = Double(generate) / genTime
        let genGflops = genRate * 2 * Double(config.forwardMultiplyAddsPerToken) / 1e9

        var result: [String: Any] = [
            "config": [
                "vocabulary": vocabSize, "embedding": embedding, "layers": layers, "hidden": hidden,
                "dropout": Double("\(dropout)") ?? 0, "batch": batch, "steps": steps,
                "learning_rate": Double("\(learningRate)") ?? 0,
                "threads": threads, "blas_threads": BLAS.threadCount ?? -1, "seconds": seconds,
                "blas_core": BLAS.coreName ?? "unknown", "thread_pair": model.usesThreadPair, "packed": model.usesThreadPair && model.packedRecurrence ? model.packedKernelUse.rawValue : "none",
            ] as [String: Any],
            "train_tokens_per_s": round1(trainRate),
            "train_tokens_per_s_p10": round1(trainRateP10),
            "train_gflops": round1(trainGflops),
            "train_steps": timedSteps,
            "train_seconds": round1(trainTime),
            "train_last_loss": round1(Double(lastLoss), digits: 4),
            // Mean loss of each block of 25 steps: compares training curves across builds.
            "train_loss_curve": stride(from: 0, to: losses.count - losses.count % 25, by: 25).map { i in
                round1(Double(losses[i..<(i + 25)].reduce(0, +)) / 25, digits: 4)
            },
            "train_cpu_seconds": round1(trainCPU, digits: 2),
            "gen_tokens_per_s": round1(genRate),
            "gen_gflops": round1(genGflops),
            "gen_tokens": generate,
        ]
        if sgemm {
            let h4 = 4 * hidden
            let inTop = layers > 1 ? hidden : embedding
            var rates: [String: Double] = [:]
            rates["step \(batch)x\(embedding + hidden)x\(h4)"] = Self.gemmRate(m: batch, n: h4, k: embedding + hidden)
            rates["step \(batch)x\(hidden)x\(h4)"] = Self.gemmRate(m: batch, n: h4, k: hidden)
            rates["projection \(batch * steps)x\(inTop)x\(h4)"] = Self.gemmRate(m: batch * steps, n: h4, k: inTop)
            rates["weight_grad \(inTop)x\(batch * steps)x\(h4) (A^T B)"] =
                Self.gemmRate(m: inTop, n: h4, k: batch * steps, transA: true)
            rates["2048x2048x2048"] = Self.gemmRate(m: 2048, n: 2048, k: 2048)
            // One row: `BLAS.multiply` takes the sgemv path, as batch-1 generation does.
            rates["gemv 1x\(inTop + hidden)x\(h4)"] = Self.gemmRate(m: 1, n: h4, k: inTop + hidden)
            result["sgemm_gflops"] = rates.mapValues { round1($0) }
            result["step_per_thread_gflops"] = Self.perThreadStepRates(batch: batch, hidden: hidden).mapValues { round1($0) }
            // The step's products run at the shapes above; this ratio is how much of the
            // step shape's raw sgemm rate the whole training step keeps.
            let stepRate = rates["step \(batch)x\(hidden)x\(h4)"]!
            result["train_fraction_of_step_sgemm"] = round1(trainGflops / stepRate, digits: 3)
            // And of the best rate the library reaches here (the large square product).
            result["train_fraction_of_best_sgemm"] = round1(trainGflops / rates["2048x2048x2048"]!, digits: 3)
        }
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    /// One thread's recurrent step products under the thread pair (its half of the units):
    /// forward `hidden (B x H) * its gate columns of Wh`, backward `dGates (B x 4H) * its
    /// rows of Wh, transposed`, by single-threaded OpenBLAS and, where the CPU runs it, by
    /// the engine's packed kernel (operand packed once, outside the timing, as in training).
    static func perThreadStepRates(batch: Int, hidden: Int) -> [String: Double] {
        let units = (hidden + 1) / 2
        let saved = BLAS.threadCount ?? 2
        BLAS.setThreadCount(1)
        defer { BLAS.setThreadCount(saved) }
        var rates: [String: Double] = [:]
        for (name, n, k, transB) in [("forward", 4 * units, hidden, false), ("backward", units, 4 * hidden, true)] {
            let shape = "\(batch)x\(n)x\(k)" + (transB ? " (B^T)" : "")
            rates["sgemm \(name) \(shape)"] = gemmRate(m: batch, n: n, k: k, transB: transB)
            if PackedOperand.kernelIsAvailable {
                rates["packed \(name) \(shape)"] = packedRate(m: batch, n: n, k: k, transB: transB)
            }
        }
        return rates
    }

    /// GFLOP/s of `C += A B` on the engine's kernel with `B` packed once.
    static func packedRate(m: Int, n: Int, k: Int, transB: Bool) -> Double {
        var rng = SplitMix64(seed: 5)
        let a = (0..<(m * k)).map { _ in Float(rng.next() % 1000) / 1000 - 0.5 }
        let b = PackedOperand((0..<(k * n)).map { _ in Float(rng.next() % 1000) / 1000 - 0.5 }, k: k, n: n,
                              transposed: transB)
        var c = [Float](repeating: 0, count: m * n)
        return timedRate(flops: 2 * Double(m * n * k)) { b.multiply(a, m: m, into: &c) }
    }

    /// Repeats `body` for ~0.6 s (at least 3 times) and returns its GFLOP/s.
    static func timedRate(flops: Double, _ body: () -> Void) -> Double {
        var reps = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        while elapsed < 0.6 || reps < 3 {
            body()
            reps += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        return flops * Double(reps) / elapsed / 1e9
    }

    /// CPU time of the whole process (every thread), in seconds.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// GFLOP/s of `C = A B` (or `Aᵀ B`) on fresh random matrices, timed over ~0.6 s;
    /// `m == 1` measures `sgemv`.
    static func gemmRate(m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false) -> Double {
        var rng = SplitMix64(seed: 5)
        let a = (0..<(m * k)).map { _ in Float(rng.next() % 1000) / 1000 - 0.5 }
        let b = (0..<(k * n)).map { _ in Float(rng.next() % 1000) / 1000 - 0.5 }
        var c = [Float](repeating: 0, count: m * n)
        return timedRate(flops: 2 * Double(m * n * k)) {
            BLAS.multiply(a, b, into: &c, m: m, n: n, k: k, transposeA: transA, transposeB: transB)
        }
    }
}

func round1(_ x: Double, digits: Int = 1) -> Double {
    let s = Foundation.pow(10, Double(digits))
    return (x * s).rounded() / s
}
