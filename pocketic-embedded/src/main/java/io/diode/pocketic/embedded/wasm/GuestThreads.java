package io.diode.pocketic.embedded.wasm;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The platform threads canister code runs on. Two reasons it never runs on the caller's thread:
 * <ul>
 *   <li><b>Isolation.</b> Guest code never yields, so on a virtual thread (the REST server's) it pins the
 *       carrier: two long messages on a 2-core machine stalled every other request. On a platform thread of its
 *       own it is one more thread for the OS to schedule fairly.</li>
 *   <li><b>Depth.</b> The replica gives Wasm code a 5 MiB native stack (wasmtime's {@code max_wasm_stack},
 *       {@code MAX_WASM_STACK_SIZE} in {@code rs/embedders/src/lib.rs}), which {@link StackDepthLimit} models: at
 *       32 bytes at least per call, no recursion passes 163,840 calls. A GraalWasm frame is many times a wasmtime
 *       frame (a default 1 MiB JVM stack ended Motoko recursions at 570–780 calls; 64 MiB at 50,000–100,000
 *       interpreted), so these threads have a 256 MiB stack (system property {@value #STACK_PROPERTY}), enough for
 *       the model to trap first in both modes; reserved, not committed: the OS backs only the pages a deep
 *       recursion touches. A Java stack overflow stays the fallback; it costs time in proportion to the frames
 *       it unwinds.</li>
 * </ul>
 * A thread already running canister code (a host function calling into another canister, a composite query)
 * runs nested calls itself; so does a whole request {@link #start}ed on one (the REST server's). Idle threads are kept for {@link #IDLE_SECONDS} s; a thread whose task ended in a
 * stack overflow is retired at once, which returns the stack pages it touched to the OS.
 */
public final class GuestThreads {

    static final String STACK_PROPERTY = "diode.wasm.stackBytes";
    static final long STACK_BYTES_DEFAULT = 256L << 20;
    static final long IDLE_SECONDS = 30;

    private static final long STACK_BYTES = Long.getLong(STACK_PROPERTY, STACK_BYTES_DEFAULT);
    private static final ConcurrentLinkedDeque<Worker> IDLE = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private GuestThreads() {}

    /** The stack size of the threads canister code runs on, in bytes. */
    public static long stackBytes() {
        return STACK_BYTES;
    }

    /** Whether the current thread is one of these threads. */
    public static boolean onGuestThread() {
        return Thread.currentThread() instanceof Worker;
    }

    /**
     * Runs {@code task} on a guest thread and waits for it, uninterruptibly (canister code cannot be abandoned
     * half-way: it holds its instance). Exceptions reach the caller as thrown.
     */
    public static <T> T call(Supplier<T> task) {
        if (onGuestThread()) {
            return task.get();
        }
        return handOver(task, true).awaitResult();
    }

    /**
     * Starts {@code task} on a guest thread and returns at once: for a server whose requests run canister code, so
     * that {@link #call} then runs it in place. Each hand-over wakes two threads (the worker, then the waiting
     * caller): 0.1-0.2 ms per REST request on a loaded 2-core machine, a fifth of a query's time in the server. A
     * failure goes to the thread's uncaught-exception handler.
     */
    public static void start(Runnable task) {
        handOver(
                () -> {
                    task.run();
                    return null;
                },
                false);
    }

    private static Worker handOver(Supplier<?> task, boolean awaited) {
        Worker worker = IDLE.pollFirst();
        if (worker == null || !worker.assign(task, awaited)) {
            worker = new Worker();
            worker.assign(task, awaited);
            worker.start();
        }
        return worker;
    }

    /** Runs {@code task} on a guest thread; see {@link #call}. */
    public static void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    private static final class Worker extends Thread {
        private volatile Supplier<?> task;
        private volatile Thread waiter;
        /** Whether a caller waits for the task's end ({@link #call}) or the worker goes back idle by itself. */
        private volatile boolean awaited;

        private volatile boolean done;
        private volatile boolean retired;
        private Object result;
        private Throwable failure;

        Worker() {
            super(null, null, "canister-code-" + NUMBER.incrementAndGet(), STACK_BYTES);
            setDaemon(true);
        }

        /** Hands over a task; false if the worker retired meanwhile. */
        boolean assign(Supplier<?> next, boolean awaitedTask) {
            if (retired) {
                return false;
            }
            done = false;
            result = null;
            failure = null;
            awaited = awaitedTask;
            waiter = awaitedTask ? Thread.currentThread() : null;
            task = next;
            LockSupport.unpark(this);
            return true;
        }

        @SuppressWarnings("unchecked")
        <T> T awaitResult() {
            boolean interrupted = false;
            while (!done) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable thrown = failure;
            Object value = result;
            result = null;
            failure = null;
            if (!retired) {
                IDLE.addFirst(this);
            }
            if (thrown instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            if (thrown != null) {
                throw new IllegalStateException(thrown);
            }
            return (T) value;
        }

        @Override
        public void run() {
            while (true) {
                Supplier<?> next = awaitTask();
                if (next == null) {
                    return;
                }
                try {
                    result = next.get();
                } catch (Throwable e) {
                    failure = e;
                    if (e instanceof StackOverflowError
                            || e instanceof WasmTrap trap && trap.kind() == WasmTrap.Kind.STACK_OVERFLOW) {
                        retired = true;
                    }
                }
                task = null;
                if (!awaited) {
                    Throwable thrown = failure;
                    result = null;
                    failure = null;
                    done = true;
                    if (thrown != null) {
                        getUncaughtExceptionHandler().uncaughtException(this, thrown);
                    }
                    if (retired) {
                        return;
                    }
                    IDLE.addFirst(this);
                    continue;
                }
                Thread caller = waiter;
                waiter = null;
                done = true;
                LockSupport.unpark(caller);
                if (retired) {
                    return;
                }
            }
        }

        /** The next task, or null once idle for too long (then this worker is out of the idle list). */
        private Supplier<?> awaitTask() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
            while (true) {
                Supplier<?> next = task;
                if (next != null) {
                    return next;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (IDLE.removeFirstOccurrence(this)) {
                        retired = true;
                        return null;
                    }
                    // a caller took this worker from the idle list and is handing over its task
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    continue;
                }
                LockSupport.parkNanos(this, left);
            }
        }
    }
}
