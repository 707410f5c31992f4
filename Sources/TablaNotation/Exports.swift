// The shared helpers (SplitMix64, FNV1a64, AtomicFile, JSONFormat) come with the notation,
// so a module that imports TablaNotation sees the same types as one that imports TablaML.
@_exported import TablaSupport
