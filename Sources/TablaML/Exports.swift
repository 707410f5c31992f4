// The shared helpers (SplitMix64, FNV1a64, AtomicFile, JSONFormat) come with the engine,
// which depends on no other tabla module.
@_exported import TablaSupport
