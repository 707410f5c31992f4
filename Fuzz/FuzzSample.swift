import Foundation
import TablaAudio

/// libFuzzer entry: any bytes as one sample-bank file (dha.wav), read the way `render
/// --samples` reads it: libsndfile decoding, then tabla's size and finiteness checks and
/// resampling to 44.1 kHz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSample(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("tabla-fuzz-bank-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? Data(bytes: data, count: size).write(to: folder.appendingPathComponent("dha.wav"))
    _ = try? SampleBank.load(directory: folder.path, rate: 44100)
    return 0
}
