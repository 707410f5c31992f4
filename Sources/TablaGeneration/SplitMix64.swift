import TablaML

/// The engine's generator: TablaNotation has one of the same name for the modules that
/// don't link the engine, and this module imports both.
typealias SplitMix64 = TablaML.SplitMix64
