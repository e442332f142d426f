import Dispatch

/// Threads of the relay's own for its request handling, apart from Swift's shared pool of one
/// thread per core (`docs/ARCHITECTURE.md`, "Relay under load").
///
/// A relay in its own process has that pool to itself. A relay started inside another program
/// (the benchmark's load test, with a hundred stations in the same process) shares it with that
/// program's tasks, and a station's store blocks a pool thread for each commit it makes while it
/// applies what it pulled: the relay's requests then wait for a thread, not for the CPU. Given
/// this executor, `LocalRelay` runs its server's tasks here, as its own process would.
package final class RelayExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "outpost.relay", attributes: .concurrent)

    package init() {}

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
