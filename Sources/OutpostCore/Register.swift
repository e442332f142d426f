/// A multi-value register: the state of one field, or of one set element (`docs/ARCHITECTURE.md`, "Field registers").
///
/// Its heads are the applied writes that no applied write lists in its pred. Heads depend only on
/// the set of writes applied, never on their order, provided each station's writes arrive in that
/// station's order (the store guarantees it):
/// - a pred naming a write not yet applied leaves a tombstone, so that write never becomes a head
///   when it arrives late (`docs/ARCHITECTURE.md`, "Per-station order");
/// - a write arrives at most once (the store checks sequence numbers), so its tombstone can be
///   dropped when it does.
package struct Register<Payload: Hashable & Sendable>: Hashable, Sendable {
    package struct Head: Hashable, Sendable {
        package var version: Version
        package var payload: Payload

        package init(version: Version, payload: Payload) {
            self.version = version
            self.payload = payload
        }
    }

    /// Current heads, ascending by version.
    package private(set) var heads: [Head]
    /// Versions named by an applied pred whose writes have not arrived yet.
    package private(set) var tombstones: [Version]

    /// Heads and tombstones in any order.
    package init(heads: [Head] = [], tombstones: [Version] = []) {
        self.heads = heads.sorted { $0.version < $1.version }
        self.tombstones = tombstones.sorted()
    }

    /// Heads and tombstones already ascending, as the store keeps them: no sort (a sort
    /// allocates a new array, and unpacking bookkeeping is a hot path).
    package init(ascending heads: [Head], tombstones: [Version]) {
        self.heads = heads
        self.tombstones = tombstones
    }

    package var isEmpty: Bool { heads.isEmpty && tombstones.isEmpty }

    /// Applies one write.
    ///
    /// - Parameter isApplied: whether a version's write has already been applied to this replica.
    /// - Returns: whether the write became a head.
    @discardableResult
    package mutating func apply(
        version: Version, payload: Payload, pred: [Version], isApplied: (Version) -> Bool
    ) -> Bool {
        for superseded in pred {
            if let index = heads.firstIndex(where: { $0.version == superseded }) {
                heads.remove(at: index)
            } else if !isApplied(superseded), !tombstones.contains(superseded) {
                tombstones.insert(superseded, at: tombstones.firstIndex { $0 > superseded } ?? tombstones.endIndex)
            }
        }
        if let index = tombstones.firstIndex(of: version) {
            tombstones.remove(at: index)
            return false
        }
        guard !heads.contains(where: { $0.version == version }) else { return false }
        heads.insert(Head(version: version, payload: payload), at: heads.firstIndex { $0.version > version } ?? heads.endIndex)
        return true
    }

    /// The head with the highest version.
    package var latest: Head? { heads.last }

    /// Replaces a head's payload (used by the store to fill in a value it stored elsewhere).
    package mutating func setPayload(_ payload: Payload, at index: Int) {
        heads[index].payload = payload
    }

    /// The versions of every head, ascending: what a local write names as its pred.
    package var headVersions: [Version] { heads.map(\.version) }
}
