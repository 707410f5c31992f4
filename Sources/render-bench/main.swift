// Renders a 10-minute Teentaal composition to a 16-bit WAV with the built-in bank and
// reports how many times faster than real time that is, from the composition's text
// to the renamed file. Run in release mode: `make bench` (or pass the number of runs).
import Foundation
import TablaAudio
import TablaNotation
import TablaSynthesis

let laya = 120.0
let minutes = 10.0
let cycles = Int(minutes * laya) / 16
let cycle = "DhaTi DhaGe DhiNa GeNa | DhaTi DhaGe TinNa KeNa | TaTi TaKe TiNa KeNa | TiRaKiTa DhaGe DhiNa GeNa ||\n"
let text = "title: render-bench\ntaal: teentaal\nlaya: \(Int(laya))\n\n" + String(repeating: cycle, count: cycles)
let runs = max(1, Int(CommandLine.arguments.dropFirst().first ?? "") ?? 5)
let folder = FileManager.default.temporaryDirectory.path

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

var totals: [Double] = []
var written: [String] = []
var audioSeconds = 0.0
print("render-bench: \(cycles) cycles of Teentaal at \(Int(laya)) matras/min (\(Int(minutes)) min), built-in bank, 16-bit WAV, \(runs) runs")
for run in 1...runs {
    // A new name each run: overwriting would time the file system freeing the old file.
    let output = folder + "/render-bench-\(getpid())-\(run).wav"
    written.append(output)
    let clock = ContinuousClock()
    let t0 = clock.now
    let (composition, diagnostics) = NotationParser().check(text)
    precondition(!diagnostics.contains { $0.severity == .error }, "benchmark composition is invalid")
    let t1 = clock.now
    let bank = try Renderer.builtInBank(for: composition)
    let t2 = clock.now
    let summary = try Renderer(bank: bank).render(composition, to: output, format: .wav, sampleFormat: .int16)
    let t3 = clock.now
    audioSeconds = summary.duration
    let total = seconds(t3 - t0)
    totals.append(total)
    print(String(format: "run %d: parse %.3f s, bank %.3f s, mix and write %.3f s; total %.3f s for %.1f s of audio = %.0fx real time",
                 run, seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t2), total, audioSeconds, audioSeconds / total))
}
for path in written { unlink(path) }
let median = totals.sorted()[totals.count / 2]
print(String(format: "median: %.3f s = %.0fx real time", median, audioSeconds / median))
