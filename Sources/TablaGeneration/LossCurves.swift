import TablaML
import Foundation

/// The loss curves of a training run, as CSV and as an SVG plot.
public struct LossCurves: Sendable {
    /// The epochs, in order.
    public var reports: [EpochReport]

    /// Creates the curves.
    public init(_ reports: [EpochReport]) { self.reports = reports }

    /// `epoch,train_loss,validation_loss,validation_accuracy,tokens_per_s,seconds,best`.
    public var csv: String {
        var out = "epoch,train_loss,validation_loss,validation_accuracy,tokens_per_s,seconds,best\n"
        for r in reports {
            out += String(format: "%d,%.5f,%.5f,%.5f,%.0f,%.3f,%d\n", r.epoch, r.trainLoss, r.validationLoss,
                          r.validationAccuracy, r.tokensPerSecond, r.seconds, r.improved ? 1 : 0)
        }
        return out
    }

    /// A 640 x 360 line plot of training and validation loss per epoch.
    public var svg: String {
        let width = 640.0, height = 360.0, left = 56.0, right = 16.0, top = 28.0, bottom = 44.0
        let values = reports.flatMap { [$0.trainLoss, $0.validationLoss] }.filter(\.isFinite)
        let high = (values.max() ?? 1) * 1.05, low = min(0, values.min() ?? 0)
        let epochs = Double(max(1, (reports.last?.epoch ?? 1) - 1))
        func x(_ epoch: Int) -> Double { left + (width - left - right) * Double(epoch - 1) / epochs }
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - (v - low) / max(1e-9, high - low)) }
        func line(_ pick: (EpochReport) -> Double) -> String {
            reports.map { String(format: "%.1f,%.1f", x($0.epoch), y(pick($0))) }.joined(separator: " ")
        }
        var s = String(format: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height)
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(left)\" y=\"18\" font-size=\"14\">tabla train: cross-entropy per bol (nats)</text>\n"
        for k in 0...4 {
            let v = low + (high - low) * Double(k) / 4
            s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, width - right, y(v), y(v))
            s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>\n", left - 6, y(v) + 4, v)
        }
        s += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", left, width - right, height - bottom, height - bottom)
        s += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">epoch (1-%d)</text>\n", (left + width - right) / 2, height - 12, reports.last?.epoch ?? 1)
        s += "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"\(line { $0.trainLoss })\"/>\n"
        // Without validation compositions (`--validation 0`) there is no validation curve.
        let validated = reports.allSatisfy { $0.validationLoss.isFinite }
        if validated {
            s += "<polyline fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"2\" points=\"\(line { $0.validationLoss })\"/>\n"
        }
        if validated, let best = reports.filter(\.improved).last {
            s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#ff7f0e\"/><text x=\"%.1f\" y=\"%.1f\">best: epoch %d</text>\n",
                        x(best.epoch), y(best.validationLoss), x(best.epoch) + 6, y(best.validationLoss) - 8, best.epoch)
        }
        s += String(format: "<text x=\"%.1f\" y=\"%.1f\" fill=\"#1f77b4\">train</text>", width - right - 120, top + 12)
        s += String(format: "<text x=\"%.1f\" y=\"%.1f\" fill=\"#ff7f0e\">validation</text>\n", width - right - 70, top + 12)
        return s + "</svg>\n"
    }

    /// Writes `MODEL.losses.csv` and `MODEL.losses.svg` beside the model, atomically.
    public func write(besides model: URL) throws(ModelError) {
        for (suffix, text) in [(".losses.csv", csv), (".losses.svg", svg)] {
            let path = model.path + suffix
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: path)) { ModelError.cannotWrite(path: path, reason: $0) }
        }
    }
}
