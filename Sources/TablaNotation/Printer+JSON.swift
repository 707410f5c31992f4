#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The structure `tabla print --format json` writes, for other tools.
public struct CompositionDocument: Codable, Sendable, Equatable {
    /// A taal's shape.
    public struct TaalInfo: Codable, Sendable, Equatable {
        public var name: String
        public var matras: Int
        public var vibhags: [Int]
        public var marks: [String]
    }
    /// One matra: its number in the cycle and its bols (roman canonical names, `-` for rests).
    public struct MatraInfo: Codable, Sendable, Equatable {
        public var number: Int
        public var bols: [String]
        /// The matra as written in the requested script.
        public var text: String
        public var line: Int
        public var column: Int
    }
    /// One vibhag of one cycle.
    public struct VibhagInfo: Codable, Sendable, Equatable {
        public var mark: String
        public var matras: [MatraInfo]
    }
    /// One cycle (avartan).
    public struct CycleInfo: Codable, Sendable, Equatable {
        public var number: Int
        public var vibhags: [VibhagInfo]
    }
    /// One section.
    public struct SectionInfo: Codable, Sendable, Equatable {
        public var name: String?
        public var taal: TaalInfo
        public var start: Int
        public var ends: String
        public var laya: Double?
        public var matras: Int
        public var cycles: [CycleInfo]
    }

    public var title: String?
    public var taal: TaalInfo
    public var laya: Double?
    public var form: String?
    public var source: String?
    public var script: String
    public var sections: [SectionInfo]
}

extension Printer {
    /// The composition as a ``CompositionDocument``.
    public func document(_ composition: Composition) -> CompositionDocument {
        func info(_ t: Taal) -> CompositionDocument.TaalInfo {
            .init(name: t.name, matras: t.matras, vibhags: t.vibhags, marks: t.marks.map(\.symbol))
        }
        let splitter = Self.userBols(in: composition).splitter
        let sections = composition.sections.filter { !$0.matras.isEmpty }.map { section in
            let taal = section.taal
            let cycles = cycles(of: section).map { cycle in
                CompositionDocument.CycleInfo(number: cycle.number, vibhags: taal.vibhags.indices.compactMap { v in
                    let first = taal.vibhagStarts[v] - 1
                    let matras = (first..<(first + taal.vibhags[v])).compactMap { j -> CompositionDocument.MatraInfo? in
                        guard let m = cycle.slots[j] else { return nil }
                        return .init(number: j + 1, bols: m.pulses.map { $0.text(.roman) },
                                     text: Self.matraText(m, script: script, splitter: splitter), line: m.location.line, column: m.location.column)
                    }
                    return matras.isEmpty ? nil : .init(mark: taal.marks[v].symbol, matras: matras)
                })
            }
            return CompositionDocument.SectionInfo(name: section.name, taal: info(taal), start: section.start,
                                                   ends: section.ends.rawValue, laya: section.laya,
                                                   matras: section.matras.count, cycles: cycles)
        }
        return CompositionDocument(title: composition.title, taal: info(composition.taal), laya: composition.laya,
                                   form: composition.form?.rawValue, source: composition.source,
                                   script: script.rawValue, sections: sections)
    }

    /// The composition as pretty-printed JSON with sorted keys.
    public func json(_ composition: Composition) -> String {
        let encoder = JSONFormat.encoder(pretty: true)
        // Encoding plain structs of strings and numbers cannot fail.
        let data = (try? encoder.encode(document(composition))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
