import Foundation
import TablaML

/// CRC-32 (IEEE), as checkpoints carry it: recomputed for each input so the fuzzer's
/// mutations reach the metadata and tensor parsing instead of stopping at the checksum.
func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes {
        crc ^= UInt32(b)
        for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }
    return crc ^ 0xFFFF_FFFF
}

/// libFuzzer entry: any bytes as a checkpoint file, with the length field and checksum
/// made consistent. Loading must refuse with a TablaMLError or give a model; never trap,
/// never allocate past what the file can hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if bytes.count >= 36 {
        withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { bytes.replaceSubrange(16..<24, with: $0) }
        let n = bytes.count
        withUnsafeBytes(of: crc32(bytes[0..<(n - 4)]).littleEndian) { bytes.replaceSubrange((n - 4)..<n, with: $0) }
    }
    let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("tabla-fuzz-\(getpid()).tlstm")
    try? Data(bytes).write(to: url)
    _ = try? LSTMModel.load(from: url)
    return 0
}
