/// An owned, fixed-size, zero-initialised float32 allocation: the storage of parameters,
/// gradients, optimizer moments and per-batch workspaces.
///
/// A class rather than an array so that hot loops and BLAS calls take its pointer once,
/// with no copy-on-write checks or exclusivity bookkeeping per access. The pointer never
/// outlives the buffer: it is freed in `deinit`.
final class FloatBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        // Never allocate zero bytes: a valid pointer keeps every caller free of special cases.
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit {
        pointer.deallocate()
    }

    func zero() {
        pointer.update(repeating: 0, count: count)
    }

    func copy(from array: [Float]) {
        precondition(array.count == count)
        array.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    var array: [Float] {
        Array(UnsafeBufferPointer(start: pointer, count: count))
    }
}
