extension Tabla {
    /// What `tabla --version` prints; raised with each release.
    static let version = "0.9.0"
}
