import TablaNotation

/// libFuzzer entry: any bytes through the .bol parser and validator, then the printers.
/// A crash or a sanitizer report is a bug: bad input must only ever give diagnostics.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBol(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let (composition, diagnostics) = NotationParser().check(bytes: bytes)
    if !diagnostics.contains(where: { $0.severity == .error }) {
        _ = Printer().text(composition)
        _ = Printer().json(composition)
    }
    return 0
}
