/// Which SkewKit produced an output: the release version and the source commit it was built from
/// (stamped at build time by the BuildStamp plugin; `+changes` when the tree had uncommitted edits).
public enum ToolVersion {
    public static let version = "0.12.0"
    public static let commit = BuildStamp.commit
    /// `0.12.0 (commit 4caa80d1a2b3)`.
    public static var description: String { "\(version) (commit \(commit))" }
}
