import TablaNotation

extension Lehra {
    /// The shipped lehras in their text format, the first of each taal its default
    /// (`--lehra teentaal` plays `teentaal-yaman`). `tabla lehras --show NAME` prints one
    /// to start a user's own from.
    public static let shippedTexts: [String] = [
        """
        name: teentaal-yaman
        taal: teentaal
        raga: Yaman
        # Sam on Ga, khali on the high Sa, back down to Sa for the next sam.
        G M D N | S' - N D | P M G M | R G R S
        """,
        """
        name: teentaal-kirwani
        taal: teentaal
        raga: Kirwani
        S R g m | P d N S' | d P m g | R g R S
        """,
        """
        name: jhaptaal-bhupali
        taal: jhaptaal
        raga: Bhupali
        # 2+3+2+3
        G P | D S' D | P G | R S -
        """,
        """
        name: ektaal-malkauns
        taal: ektaal
        raga: Malkauns
        # 2+2+2+2+2+2
        S g | m d | n S' | n d | m g | m S
        """,
        """
        name: rupak-desh
        taal: rupak
        raga: Desh
        # Two cycles of 3+2+2.
        R m P | N S' | n D | P m G | R G | N, S
        """,
    ]

    /// The matras of a taal the standard catalogue knows.
    public static func taalMatras(_ name: String) -> Int? { TaalCatalogue.standard.taal(named: name)?.matras }

    /// The shipped lehras, parsed.
    public static let shipped: [Lehra] = shippedTexts.map { text in
        // The shipped texts are checked by a test; a mistake in them is a bug here.
        try! Lehra.parse(text, file: "shipped", taalMatras: taalMatras)
    }

    /// A shipped lehra by its name, or the default lehra of a taal (`teentaal`, `tintal`).
    public static func named(_ name: String) -> Lehra? {
        let key = name.lowercased()
        if let lehra = shipped.first(where: { $0.name == key }) { return lehra }
        guard let taal = TaalCatalogue.standard.taal(named: name) else { return nil }
        return shipped.first { TaalCatalogue.standard.taal(named: $0.taal) == taal }
    }
}
