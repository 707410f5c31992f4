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
        var out = ""
        writeJSON(composition) { out += $0 }
        return out
    }

    /// The same JSON as ``json(_:)``, handed to `sink` a cycle at a time: the encoder
    /// builds a tree many times the size of what it encodes, so encoding one cycle at a
    /// time keeps memory proportionate (a 10 MB file once took 2.6 GB in one piece).
    public func writeJSON(_ composition: Composition, to sink: (String) -> Void) {
        let encoder = JSONFormat.encoder(pretty: true)
        // Encoding plain structs of strings and numbers cannot fail.
        func encode<T: Encodable>(_ value: T) -> String { String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) }
        func indent(_ text: String, by spaces: Int) -> String {
            let pad = String(repeating: " ", count: spaces)
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 ? String($0.element) : pad + $0.element }.joined(separator: "\n")
        }
        /// The text around the (empty) array under `key`: before its `[` and from its `]`.
        func split(_ text: String, around key: String) -> (String, String) {
            let open = text.range(of: "\"\(key)\" : [")!
            let close = text[open.upperBound...].firstIndex(of: "]")!
            return (String(text[..<open.upperBound]), String(text[close...]))
        }
        var document = document(composition)
        let sections = document.sections
        document.sections = []
        guard !sections.isEmpty else { return sink(encode(document) + "\n") }
        let (head, tail) = split(encode(document), around: "sections")
        sink(head)
        for (i, var section) in sections.enumerated() {
            sink((i == 0 ? "\n" : ",\n") + "    ")
            let cycles = section.cycles
            section.cycles = []
            guard !cycles.isEmpty else { sink(indent(encode(section), by: 4)); continue }
            let (sectionHead, sectionTail) = split(encode(section), around: "cycles")
            sink(indent(sectionHead, by: 4))
            for (j, cycle) in cycles.enumerated() {
                sink((j == 0 ? "\n" : ",\n") + "        " + indent(encode(cycle), by: 8))
            }
            sink("\n      " + indent(sectionTail, by: 4))
        }
        sink("\n  " + tail)
        sink("\n")
    }
}
