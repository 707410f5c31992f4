import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two threads, the caller and one persistent helper, running one job in two parts with
/// a cheap barrier between the job's steps: the training recurrence splits each step's
/// LSTM units between them (each thread multiplies its own gate columns and runs the
/// cell kernel on its own units), where one two-threaded `sgemm` per step would leave
/// the cell kernel on one thread and wake BLAS's threads at every step.
///
/// The helper sleeps on a condition variable between jobs, so it costs nothing while
/// BLAS's own threads run the large products; inside a job, waits spin briefly and then
/// yield the core.
final class ThreadPair: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Guarded by `mutex`: the job for the helper, and how many jobs were posted.
    private var job: ((Int) -> Void)?
    private var posted = 0
    private var stopping = false
    /// The helper stores the number of the last job it finished.
    private let finished = Atomic<Int>(0)
    /// Barrier: arrivals in the current round, and the round's sense.
    private let arrivals = Atomic<Int>(0)
    private let sense = Atomic<Bool>(false)
    private var thread: pthread_t?

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        let context = Unmanaged.passUnretained(self).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { raw in
            let pair = Unmanaged<ThreadPair>.fromOpaque(raw!).takeUnretainedValue()
            pair.helperLoop()
            return nil
        }, context)
        thread = status == 0 ? handle : nil
    }

    deinit {
        if let thread {
            pthread_mutex_lock(mutex)
            stopping = true
            pthread_cond_signal(condition)
            pthread_mutex_unlock(mutex)
            pthread_join(thread, nil)
        }
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Whether the helper thread exists (thread creation can fail).
    var isAvailable: Bool { thread != nil }

    /// Runs `body(1)` on the helper and `body(0)` on the caller, and returns when both
    /// are done. Inside `body`, both parts must call `barrier(_:)` the same number of times.
    func run(_ body: @escaping (Int) -> Void) {
        // No part is waiting now, so the barrier can restart from false.
        sense.store(false, ordering: .releasing)
        pthread_mutex_lock(mutex)
        job = body
        posted += 1
        let number = posted
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        body(0)
        var spins = 0
        while finished.load(ordering: .acquiring) != number {
            Self.pause(&spins)
        }
    }

    /// Waits until both parts have arrived. `localSense` is the part's own flag, false
    /// at the start of each job.
    func barrier(_ localSense: inout Bool) {
        localSense.toggle()
        if arrivals.add(1, ordering: .acquiringAndReleasing).newValue == 2 {
            arrivals.store(0, ordering: .relaxed)
            sense.store(localSense, ordering: .releasing)
        } else {
            var spins = 0
            while sense.load(ordering: .acquiring) != localSense {
                Self.pause(&spins)
            }
        }
    }

    @inline(__always)
    private static func pause(_ spins: inout Int) {
        spins += 1
        // A step's work takes tens of microseconds; past ~a few thousand spins the other
        // part is probably descheduled, so give the core away.
        if spins > 2000 {
            sched_yield()
        }
    }

    private func helperLoop() {
        var seen = 0
        while true {
            pthread_mutex_lock(mutex)
            while posted == seen && !stopping {
                pthread_cond_wait(condition, mutex)
            }
            if stopping {
                pthread_mutex_unlock(mutex)
                return
            }
            seen = posted
            let body = job
            pthread_mutex_unlock(mutex)
            body?(1)
            finished.store(seen, ordering: .releasing)
        }
    }
}
