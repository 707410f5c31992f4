extension TaalCatalogue {
    /// Taal names as Devanagari books print them, to the standard catalogue's names.
    /// Spaces and nuktas are ignored when matching (`तीन ताल`, `तिलवाडा`).
    static let devanagariNames: [String: String] = {
        let names: [(String, [String])] = [
            ("Teentaal", ["तीनताल", "तिनताल", "त्रिताल", "तीताल"]),
            ("Jhaptaal", ["झपताल", "झापताल"]),
            ("Ektaal", ["एकताल"]),
            ("Rupak", ["रूपक", "रुपक", "रूपकताल"]),
            ("Dadra", ["दादरा", "दादराताल"]),
            ("Keherwa", ["कहरवा", "केहरवा", "कहरवाताल"]),
            ("Jhoomra", ["झूमरा", "झुमरा"]),
            ("Deepchandi", ["दीपचंदी", "दीपचन्दी", "चांचर", "चाँचर"]),
            ("Dhamar", ["धमार"]),
            ("Tilwada", ["तिलवाड़ा"]),
            ("Chautaal", ["चौताल", "चारताल"]),
            ("Ada Chautaal", ["आड़ाचौताल"]),
            ("Sooltaal", ["सूलताल", "शूलताल"]),
            ("Tivra", ["तीव्रा", "तेवरा"]),
            ("Pancham Sawari", ["पंचमसवारी"]),
        ]
        var map: [String: String] = [:]
        for (name, spellings) in names { for s in spellings { map[devanagariKey(s)] = name } }
        return map
    }()

    static func devanagariKey(_ name: String) -> String {
        let bytes = BolSplitter.normalized(Array(name.utf8)).bytes
        return String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace && $0 != "-" }
    }

    /// The taal a Devanagari name stands for, if this catalogue holds it.
    func taal(devanagari name: String) -> Taal? {
        Self.devanagariNames[Self.devanagariKey(name)].flatMap { taal(named: $0) }
    }
}
