import GRDB
import Synchronization

/// Writes to the SQLite log that arrive together share one transaction and one wait for the disk
/// (`docs/ARCHITECTURE.md`, "Relay log"): a group commit.
///
/// Every commit of the log waits for the disk (`synchronous = FULL`), and the log has one writer,
/// so with a hundred stations syncing at once each hello, push and pull note waited for the
/// commits of every write queued before it. Here a write joins a queue and asks the writer for a
/// turn; the first turn to come takes every write queued by then and runs them in one immediate
/// transaction, each in its own savepoint, in the order they arrived. Each write sees the ones
/// before it, exactly as if it had had a transaction of its own; a write that throws is rolled
/// back to its savepoint alone and fails with its own error. Nobody hears back before the commit
/// has returned: durable before acknowledged, as with one transaction each. If the commit itself
/// fails, every write of the group fails and none of them is in the log.
final class GroupCommit: Sendable {
    private let writer: any DatabaseWriter
    private let queue = Mutex<[Job]>([])

    private struct Job: Sendable {
        let body: @Sendable (Database) throws -> any Sendable
        let done: CheckedContinuation<any Sendable, any Error>
    }

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `body` in the transaction of the next group, and returns its result once that
    /// transaction is committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = try await withCheckedThrowingContinuation { (done: CheckedContinuation<any Sendable, any Error>) in
            queue.withLock { $0.append(Job(body: { try body($0) }, done: done)) }
            // One turn per write: a turn that finds the queue empty (an earlier turn took this
            // write along) costs nothing.
            writer.asyncWriteWithoutTransaction { db in self.commitQueued(db) }
        }
        return result as! T
    }

    /// Takes every queued write and commits them together.
    private func commitQueued(_ db: Database) {
        let jobs = queue.withLock { queued in
            defer { queued.removeAll() }
            return queued
        }
        guard !jobs.isEmpty else { return }
        var results = [Result<any Sendable, any Error>]()
        results.reserveCapacity(jobs.count)
        do {
            try db.inTransaction(.immediate) {
                for job in jobs {
                    do {
                        var result: (any Sendable)?
                        try db.inSavepoint {
                            result = try job.body(db)
                            return .commit
                        }
                        results.append(.success(result!))
                    } catch {
                        // An error that ended the whole transaction (the disk full, say) ends the
                        // group: the writes after it would otherwise run outside a transaction.
                        guard db.isInsideTransaction else { throw error }
                        results.append(.failure(error))
                    }
                }
                return .commit
            }
        } catch {
            for job in jobs { job.done.resume(throwing: error) }
            return
        }
        for (job, result) in zip(jobs, results) { job.done.resume(with: result) }
    }
}
