/// The version of this Outpost software, as `--version` prints it and `hello` reports it to the
/// relay's log. The protocol and schema versions are separate (`Protocol/README.md` §9).
package enum OutpostVersion {
    package static let text = "0.2.0"
}
