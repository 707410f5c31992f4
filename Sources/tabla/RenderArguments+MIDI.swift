import Foundation
import TablaAudio
import TablaNotation

extension RenderArguments {
    /// Whether `path` names a Standard MIDI File (`.mid`, `.midi`).
    static func isMIDI(_ path: String) -> Bool {
        ["mid", "midi"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// Writes `composition` to `output` as MIDI (atomically) and returns the line to print.
    func renderMIDI(_ composition: Composition, to output: String, laya: Double?, section: String?, seed: UInt64) throws -> String {
        let map: MIDINoteMap
        switch midiMap?.lowercased() {
        case nil: map = .tabla
        case "gm": map = .generalMIDI
        default: map = try MIDINoteMap.load(midiMap!)
        }
        let writer = MIDIWriter(options: options(laya: laya, section: section, seed: seed), map: map)
        let bytes = try writer.write(composition, to: output)
        return "wrote \(output): Standard MIDI File, \(bytes) bytes, \(MIDIWriter.ticksPerMatra) ticks a matra"
    }
}
