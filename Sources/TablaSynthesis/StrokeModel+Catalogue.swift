import TablaNotation

extension StrokeModel {
    typealias M = Mode
    typealias S = Strike

    /// The calibrated models, by bol name. Ratios come from the partials of the
    /// reference recordings; decays, strike and residue noise were then tuned until
    /// the calibration figures matched (docs/SOUND.md). A partial listed twice at one
    /// ratio is one partial with a two-stage decay: a quick fall from the strike and
    /// a slow tail, as real strokes fall 20 dB fast and then ring on.
    static let catalogue: [String: StrokeModel] = [
        // Open dayan on the rim: the fundamental damped, ringing on the third mode.
        "Na": StrokeModel([
            Voice(.dayan, [M(1.05, -15, 53), M(1.90, -22, 60), M(2.72, 0, 180), M(2.72, -20, 40), M(3.63, -16, 72),
                           M(4.74, -24, 120)],
                  strike: S(level: -6, decay: 400, low: 1500, high: 8000),
                  residue: S(level: -20, decay: 60, low: 800, high: 4000)),
        ], peak: 0.32),
        // The reference Ta is short and closed, on the fundamental.
        "Ta": StrokeModel([
            Voice(.dayan, [M(0.25, -13, 216), M(1.0, 0, 300), M(1.0, -24, 120), M(1.69, -15, 218), M(2.25, -14, 233),
                           M(5.63, -17, 256), M(7.81, -17, 192), M(9.13, -19, 188), M(10.9, -18, 296)],
                  strike: S(level: 4, decay: 400, low: 300, high: 3000),
                  residue: S(level: -26, decay: 120, low: 500, high: 2500)),
        ], peak: 0.64),
        // Open on the syahi edge: a quick ~318 Hz mode over the second mode ringing on.
        "Tin": StrokeModel([
            Voice(.dayan, [M(0.60, -15, 118), M(1.147, 0, 250), M(1.905, -6, 220), M(1.905, -16, 40), M(2.875, -14, 120),
                           M(3.80, -16, 90)],
                  strike: S(level: 6, decay: 350, low: 800, high: 3000),
                  residue: S(level: -26, decay: 60, low: 600, high: 2500)),
        ], peak: 0.71),
        // Open on the syahi: rings on the fundamental (TABLA.md), over a quick third mode.
        "Tun": StrokeModel([
            Voice(.dayan, [M(1.0, 0, 330), M(1.0, -22, 30), M(1.883, -24, 21), M(2.80, -6, 280), M(4.74, -13, 251),
                           M(6.72, -15, 268)],
                  strike: S(level: -12, decay: 300, low: 800, high: 6000),
                  residue: S(level: -14, decay: 60, low: 600, high: 2200)),
        ], peak: 0.45),
        // Closed slaps: a burst of shaped noise over a short low thump on the fundamental.
        "Te": StrokeModel([
            Voice(.dayan, [M(1.0, 0, 300), M(1.0, -22, 90), M(1.476, -18, 300), M(2.0, -16, 350)],
                  strike: S(level: 8, decay: 500, low: 300, high: 2000),
                  residue: S(level: -44, decay: 80, low: 400, high: 2500)),
        ], peak: 0.53),
        "Ti": StrokeModel([
            Voice(.dayan, [M(0.25, -20, 224), M(1.0, 0, 200), M(1.0, -24, 80), M(1.69, -19, 193), M(2.19, -16, 250),
                           M(2.76, -12, 250)],
                  strike: S(level: 5, decay: 400, low: 400, high: 3000),
                  residue: S(level: -26, decay: 100, low: 400, high: 2500)),
        ], peak: 0.71),
        // No reference recording: a lighter Te, higher and noisier.
        "Ra": StrokeModel([
            Voice(.dayan, [M(1.0, 0, 320), M(1.476, -14, 320), M(2.0, -12, 350)],
                  strike: S(level: 3, decay: 500, low: 600, high: 4000),
                  residue: S(level: -28, decay: 100, low: 500, high: 4000)),
        ], peak: 0.45),
        // Open bayan: harmonic partials over a low pitch that glides down as it rings,
        // still moving 150 ms later; the palm makes the rise slower than the dayan's.
        "Ge": StrokeModel([
            Voice(.bayan, [M(0.96, 0, 44), M(1.92, -17, 67), M(2.88, -8, 63), M(3.84, -8, 96), M(4.8, -11, 100),
                           M(5.76, -13, 110), M(6.72, -15, 120), M(7.68, -17, 130)],
                  strike: S(level: -10, decay: 300, low: 200, high: 2500),
                  residue: S(level: -66, decay: 60, low: 200, high: 2000),
                  glide: 0.12, glideTime: 0.2, attack: 0.004),
        ], peak: 0.53),
        // Closed bayan: a flat, dark slap (noise low-passed well under 4 kHz) over a
        // low thump.
        "Ke": StrokeModel([
            Voice(.bayan, [M(0.515, 0, 70), M(1.44, -8, 70), M(2.87, -15, 56), M(4.82, -18, 59), M(5.85, -17, 46),
                           M(8.2, -14, 62), M(9.34, -19, 54), M(11.75, -16, 79)],
                  strike: S(level: 26, decay: 900, low: 800, high: 3500),
                  residue: S(level: -8, decay: 90, low: 1500, high: 2500)),
        ], peak: 0.54),
        "Kat": StrokeModel([
            Voice(.bayan, [M(0.515, 0, 65), M(1.44, -10, 65), M(4.31, -16, 58), M(5.90, -17, 44), M(8.2, -18, 76),
                           M(11.75, -17, 79), M(16.36, -18, 70)],
                  strike: S(level: 26, decay: 900, low: 800, high: 3500),
                  residue: S(level: -6, decay: 70, low: 1500, high: 2500)),
        ], peak: 0.48),
        // Both drums: the bayan's Ge under a dayan that rings on its fundamental,
        // not Ge and Na mixed (whose Na rings on the third mode).
        "Dha": StrokeModel([
            Voice(.bayan, [M(1.0, 0, 68), M(2.0, -17, 75), M(3.0, -16, 80)],
                  strike: S(level: -8, decay: 300, low: 200, high: 2000),
                  residue: S(level: -42, decay: 60, low: 200, high: 2000),
                  glide: 0.05, glideTime: 0.2, attack: 0.004),
            Voice(.dayan, [M(1.03, -8, 25), M(2.72, -16, 60), M(1.90, -26, 60), M(3.63, -28, 72)],
                  strike: S(level: -20, decay: 400, low: 1500, high: 5000),
                  residue: S(level: -30, decay: 50, low: 300, high: 2000)),
        ], peak: 0.79),
        // A long dayan fundamental over a stronger, darker bayan than before.
        "Dhin": StrokeModel([
            Voice(.bayan, [M(1.0, -8, 50), M(2.0, -24, 67)],
                  residue: S(level: -40, decay: 50, low: 200, high: 3000),
                  glide: 0.10, glideTime: 0.2, attack: 0.004),
            Voice(.dayan, [M(1.03, 0, 23), M(1.905, -20, 40), M(2.875, -20, 70), M(3.80, -26, 90), M(4.74, -30, 100)],
                  strike: S(level: -10, decay: 300, low: 800, high: 6000),
                  residue: S(level: -8, decay: 40, low: 300, high: 2500)),
        ], peak: 0.54),
    ]
}
