extension RowState {
    /// The present elements of a set column, first given first: the order in which clerks typed
    /// and added them, the same on every replica that holds the same changes.
    ///
    /// The domain row's JSON is sorted by bytes, because every replica must write the same bytes
    /// (`docs/ARCHITECTURE.md`, "Merge policies"); that puts a landline `+8675…` before the mobile
    /// `+86138…` the customer gave first. This order is derived from the merge state instead, and
    /// is as deterministic:
    ///
    /// - an element ranks by the lowest version among its heads that add it: when the add that
    ///   keeps it present was made. Heads depend only on the set of changes applied
    ///   (`docs/ARCHITECTURE.md`, "Field registers"), and versions are totally ordered (clock,
    ///   then station), so replicas with the same changes rank alike, whatever the arrival order;
    /// - only elements given in one change share a version, and only a creation gives several:
    ///   those keep the order the creation lists them in, which is the order typed and travels in
    ///   the change itself. `creation` supplies that listing (values of this column, in order) and
    ///   is called only when such a tie is present;
    /// - an element given again while present (a fresh add over its heads) takes the new version
    ///   and moves last; one removed and given again counts from when it was given again;
    /// - a tie the listing does not settle (a creation not at hand) falls back to byte order.
    package func elementsInGivenOrder(_ position: Int, creation: () throws -> [Value]) rethrows -> [Value] {
        var given = [(element: Value, version: Version)]()
        for (element, register) in elements[position] {
            if let version = register.heads.filter(\.payload).map(\.version).min() { given.append((element, version)) }
        }
        var listed = [Value: Int]()
        if Set(given.map(\.version)).count < given.count {
            for (index, element) in try creation().enumerated() where listed[element] == nil { listed[element] = index }
        }
        return given.sorted { lhs, rhs in
            if lhs.version != rhs.version { return lhs.version < rhs.version }
            let left = listed[lhs.element] ?? .max
            let right = listed[rhs.element] ?? .max
            if left != right { return left < right }
            return Value.byteOrder(lhs.element, rhs.element)
        }.map(\.element)
    }
}
