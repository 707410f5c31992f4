/// The (h, c) state of every LSTM layer for a batch of parallel streams.
///
/// Training carries it across consecutive batches (truncated BPTT: values flow forward,
/// gradients stop at the batch boundary); inference carries it across single steps.
public struct RecurrentState: Equatable, Sendable {
    /// Number of stacked layers.
    public let layerCount: Int
    /// Number of parallel streams.
    public let batchSize: Int
    /// Units per layer.
    public let hiddenSize: Int
    /// Hidden outputs, `[layer][stream][unit]` flattened.
    public var hidden: [Float]
    /// Cell states, same layout as `hidden`.
    public var cell: [Float]

    /// A zero state.
    public init(layerCount: Int, batchSize: Int, hiddenSize: Int) {
        self.layerCount = layerCount
        self.batchSize = batchSize
        self.hiddenSize = hiddenSize
        hidden = [Float](repeating: 0, count: layerCount * batchSize * hiddenSize)
        cell = hidden
    }

    /// Sets every stream back to the zero state.
    public mutating func reset() {
        for i in hidden.indices {
            hidden[i] = 0
            cell[i] = 0
        }
    }

    /// Zeroes one stream's state, e.g. when that stream starts a new piece.
    public mutating func reset(stream: Int) {
        let n = hiddenSize
        for layer in 0..<layerCount {
            let start = (layer * batchSize + stream) * n
            for i in start..<(start + n) {
                hidden[i] = 0
                cell[i] = 0
            }
        }
    }
}
