/// Which drum a stroke is played on.
public enum Drum: String, Sendable, Hashable, Codable, CaseIterable {
    /// The right-hand treble drum, tuned to Sa.
    case dayan
    /// The left-hand bass drum.
    case bayan
}

/// An elementary hand stroke on one drum: the unit a sample bank holds one sound for.
///
/// Compound bols are made of these: `Dha` is `ge` and `na` struck together.
public enum Stroke: String, Sendable, Hashable, Codable, CaseIterable {
    /// Open dayan stroke on the rim, ringing on the higher modes.
    case na
    /// The long open Ta (Taa): on most tablas it sounds like Na.
    case ta
    /// Open dayan stroke that rings bright and long.
    case tin
    /// Open dayan stroke on the syahi that rings on the fundamental.
    case tun
    /// Closed dayan slap with the fingers (the Te of TeTe).
    case te
    /// Closed dayan slap with the index finger (Ti of TiRaKiTa).
    case ti
    /// Closed dayan slap with the middle fingers (Ra/Re).
    case ra
    /// Open, resonant bayan stroke whose pitch can glide.
    case ge
    /// Closed, flat bayan slap.
    case ke
    /// Heavy closed bayan slap with the whole palm.
    case kat

    /// The drum the stroke is played on.
    public var drum: Drum {
        switch self {
        case .na, .ta, .tin, .tun, .te, .ti, .ra: .dayan
        case .ge, .ke, .kat: .bayan
        }
    }

    /// Whether the stroke is left to ring (open) or damped at once (closed).
    public var isOpen: Bool {
        switch self {
        case .na, .ta, .tin, .tun, .ge: true
        case .te, .ti, .ra, .ke, .kat: false
        }
    }

    /// Name as players write it: `Na`, `Tin`, `Ge`...
    public var displayName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}
