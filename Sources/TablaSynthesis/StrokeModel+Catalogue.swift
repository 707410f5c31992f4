import TablaNotation

extension StrokeModel {
    typealias M = Mode

    /// The calibrated models, by bol name. Ratios and decays come from the partials
    /// of the reference recordings (docs/SOUND.md); levels were then tuned until the
    /// three calibration figures matched.
    static let catalogue: [String: StrokeModel] = [
        // Open dayan on the rim: the fundamental damped, ringing on the third mode.
        "Na": StrokeModel([
            Voice(.dayan, [M(1.05, -15, 53), M(1.90, -22, 60), M(2.72, 0, 50), M(3.63, -16, 72), M(4.74, -24, 120)],
                  strike: Strike(level: -6, decay: 400, low: 1500, high: 8000)),
        ], peak: 0.32),
        // The reference Ta is short and closed, on the fundamental.
        "Ta": StrokeModel([
            Voice(.dayan, [M(0.25, -13, 216), M(1.0, 0, 150), M(1.69, -15, 218), M(2.25, -14, 233), M(5.63, -17, 256),
                           M(7.81, -17, 192), M(9.13, -19, 188), M(10.9, -18, 296)],
                  strike: Strike(level: -16, decay: 300, low: 300, high: 3000)),
        ], peak: 0.64),
        // Open on the syahi edge: bright and long.
        "Tin": StrokeModel([
            Voice(.dayan, [M(0.60, -15, 118), M(1.147, 0, 141), M(1.905, -8, 48), M(2.875, -10, 70), M(3.80, -16, 90)],
                  strike: Strike(level: -14, decay: 300, low: 800, high: 4000)),
        ], peak: 0.71),
        // Open on the syahi: the reference rings on the third mode over a short fundamental.
        "Tun": StrokeModel([
            Voice(.dayan, [M(1.07, -3, 179), M(1.883, -17, 21), M(2.80, 0, 78), M(4.74, -13, 251), M(6.72, -15, 268)],
                  strike: Strike(level: -12, decay: 300, low: 800, high: 6000)),
        ], peak: 0.45),
        // Closed slaps: a damped fundamental, a few quick higher modes, mostly strike.
        "Te": StrokeModel([
            Voice(.dayan, [M(1.0, 0, 130), M(1.476, -15, 160), M(2.0, -12, 231), M(2.41, -12, 265), M(2.85, -16, 214)],
                  strike: Strike(level: -16, decay: 350, low: 400, high: 3000)),
        ], peak: 0.53),
        "Ti": StrokeModel([
            Voice(.dayan, [M(0.25, -20, 224), M(1.0, 0, 133), M(1.69, -19, 193), M(2.19, -14, 188), M(2.76, -9, 205),
                           M(4.91, -19, 192)],
                  strike: Strike(level: -14, decay: 350, low: 400, high: 3000)),
        ], peak: 0.71),
        // No reference recording: a lighter Te, higher and noisier.
        "Ra": StrokeModel([
            Voice(.dayan, [M(1.0, -2, 140), M(1.476, -14, 180), M(2.0, -10, 240), M(2.85, -12, 240)],
                  strike: Strike(level: -4, decay: 400, low: 600, high: 6000)),
        ], peak: 0.45),
        // Open bayan: harmonic partials over a low pitch that glides down as it rings.
        "Ge": StrokeModel([
            Voice(.bayan, [M(1.0, 0, 44), M(2.0, -17, 67), M(3.0, -14, 63), M(4.0, -18, 96)],
                  strike: Strike(level: -16, decay: 300, low: 200, high: 3000), glide: 0.06, glideTime: 0.08),
        ], peak: 0.53),
        // Closed bayan: a flat slap over a low thump.
        "Ke": StrokeModel([
            Voice(.bayan, [M(0.515, 0, 40), M(1.44, -8, 45), M(2.87, -15, 56), M(4.82, -18, 59), M(5.85, -17, 46),
                           M(8.2, -14, 62), M(9.34, -19, 54), M(11.75, -16, 79)],
                  strike: Strike(level: 16, decay: 900, low: 300, high: 6000)),
        ], peak: 0.54),
        "Kat": StrokeModel([
            Voice(.bayan, [M(0.515, 0, 34), M(1.44, -10, 44), M(4.31, -12, 58), M(5.90, -13, 44), M(8.2, -14, 76),
                           M(11.75, -13, 79), M(16.36, -14, 70), M(27.95, -17, 49)],
                  strike: Strike(level: 15, decay: 800, low: 300, high: 6000)),
        ], peak: 0.48),
        // Both drums: the bayan's Ge under a dayan that rings on its fundamental,
        // not Ge and Na mixed (whose Na rings on the third mode).
        "Dha": StrokeModel([
            Voice(.bayan, [M(1.0, 0, 68), M(2.0, -17, 75), M(3.0, -16, 80)],
                  strike: Strike(level: -28, decay: 300, low: 200, high: 2000), glide: 0.08, glideTime: 0.08),
            Voice(.dayan, [M(1.03, -8, 25), M(2.72, -16, 60)],
                  strike: Strike(level: -22, decay: 400, low: 1500, high: 5000)),
        ], peak: 0.79),
        "Dhin": StrokeModel([
            Voice(.bayan, [M(1.0, -18, 50), M(2.0, -30, 67)], glide: 0.06, glideTime: 0.08),
            Voice(.dayan, [M(1.03, 0, 23), M(1.905, -20, 40), M(2.875, -20, 70), M(3.80, -26, 90)],
                  strike: Strike(level: -14, decay: 300, low: 800, high: 6000)),
        ], peak: 0.54),
    ]
}
