/// What `appealpress --version` prints about the build.
public enum BuildInfo {
    /// The release, by hand at each release.
    public static let release = "0.13.0"
    /// The git commit the binary was built from (`-dirty` with uncommitted changes), or "unknown"
    /// outside a git checkout; written at each build by the BuildCommit plugin, into the build folder.
    public static var commit: String { buildCommit }
}
