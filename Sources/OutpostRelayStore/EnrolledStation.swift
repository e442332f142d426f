/// A station with what only the log keeps: its token's hash and when it was enrolled.
package struct EnrolledStation: Hashable, Sendable {
    package var station: RelayStation
    package var tokenHash: [UInt8]
    package var enrolled: UInt64
}
