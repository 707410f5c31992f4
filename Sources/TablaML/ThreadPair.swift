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
    /// What the two threads share. The helper holds only this, never the pair, so the
    /// pair's `deinit` (which stops and joins the helper) runs when its owner lets go.
    private final class Shared: @unchecked Sendable {
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        /// Guarded by `mutex`: the job for the helper, and how many jobs were posted.
        var job: ((Int) -> Void)?
        var posted = 0
        var stopping = false
        /// `posted`, readable without the mutex: the helper watches it for a while after
        /// each job before it goes to sleep, so back-to-back jobs do not wait for a wake-up.
        let postedCount = Atomic<Int>(0)
        /// The helper stores the number of the last job it finished.
        let finished = Atomic<Int>(0)
        /// Barrier: arrivals in the current round, and the round's sense.
        let arrivals = Atomic<Int>(0)
        let sense = Atomic<Bool>(false)

        init() {
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(condition, nil)
        }

        deinit {
            pthread_cond_destroy(condition)
            pthread_mutex_destroy(mutex)
            mutex.deallocate()
            condition.deallocate()
        }

        func helperLoop() {
            var seen = 0
            while true {
                ThreadPair.spinWhile(ThreadPair.helperSpinNanoseconds) { postedCount.load(ordering: .acquiring) == seen }
                pthread_mutex_lock(mutex)
                while posted == seen && !stopping {
                    pthread_cond_wait(condition, mutex)
                }
                if stopping {
                    pthread_mutex_unlock(mutex)
                    return
                }
                seen = posted
                var body = job
                pthread_mutex_unlock(mutex)
                body?(1)
                // Let go of the job before reporting it done, so the caller holds the last
                // reference to anything it captured when `run` returns.
                body = nil
                finished.store(seen, ordering: .releasing)
            }
        }
    }

    private let shared = Shared()
    private var thread: pthread_t?

    init() {
        // The helper owns one retain of `shared`, released when its loop ends.
        let context = Unmanaged.passRetained(shared).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { raw in
            let shared = Unmanaged<Shared>.fromOpaque(raw!).takeRetainedValue()
            shared.helperLoop()
            return nil
        }, context)
        if status == 0 {
            thread = handle
        } else {
            Unmanaged<Shared>.fromOpaque(context).release()
        }
    }

    deinit {
        if let thread {
            pthread_mutex_lock(shared.mutex)
            shared.stopping = true
            pthread_cond_signal(shared.condition)
            pthread_mutex_unlock(shared.mutex)
            pthread_join(thread, nil)
        }
    }

    /// Whether the helper thread exists (thread creation can fail).
    var isAvailable: Bool { thread != nil }

    /// Runs `body(1)` on the helper and `body(0)` on the caller, and returns when both
    /// are done. Inside `body`, both parts must call `barrier(_:)` the same number of times.
    func run(_ body: @escaping (Int) -> Void) {
        let s = shared
        // No part is waiting now, so the barrier can restart from false.
        s.sense.store(false, ordering: .releasing)
        pthread_mutex_lock(s.mutex)
        s.job = body
        s.posted += 1
        let number = s.posted
        s.postedCount.store(number, ordering: .releasing)
        pthread_cond_signal(s.condition)
        pthread_mutex_unlock(s.mutex)
        body(0)
        var spins = 0
        while s.finished.load(ordering: .acquiring) != number {
            Self.pause(&spins)
        }
        // The job usually captures this pair (for its barrier): drop it, or the pair
        // would keep itself, and its thread, alive.
        pthread_mutex_lock(s.mutex)
        s.job = nil
        pthread_mutex_unlock(s.mutex)
    }

    /// Waits until both parts have arrived. `localSense` is the part's own flag, false
    /// at the start of each job.
    func barrier(_ localSense: inout Bool) {
        let s = shared
        localSense.toggle()
        if s.arrivals.add(1, ordering: .acquiringAndReleasing).newValue == 2 {
            s.arrivals.store(0, ordering: .relaxed)
            s.sense.store(localSense, ordering: .releasing)
        } else {
            var spins = 0
            while s.sense.load(ordering: .acquiring) != localSense {
                Self.pause(&spins)
            }
        }
    }

    /// How long the helper keeps watching for the next job before it sleeps: longer than
    /// the gaps between a training step's products, far shorter than anything a person sees.
    static let helperSpinNanoseconds: UInt64 = 200_000

    /// Spins while `condition` holds, for at most `nanoseconds`.
    private static func spinWhile(_ nanoseconds: UInt64, _ condition: () -> Bool) {
        let start = DispatchTime.now().uptimeNanoseconds
        var spins = 0
        while condition() {
            spins += 1
            if spins & 255 == 0 && DispatchTime.now().uptimeNanoseconds - start > nanoseconds { return }
        }
    }

    @inline(__always)
    private static func pause(_ spins: inout Int) {
        spins += 1
        // A step's work takes tens of microseconds and the two parts run on two cores, so
        // a wait is usually short; a yield is a system call that costs more than such a
        // wait. Past ~50,000 spins (tens of microseconds) the other part is probably
        // descheduled, so give the core away.
        if spins > 50_000 {
            sched_yield()
        }
    }
}
