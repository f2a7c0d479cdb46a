package io.diode.pocketic.embedded.wasm;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;

/**
 * Stops executions that run past their wall-clock limit (GraalWasm has no instruction metering), by interrupting
 * their context.
 *
 * <p>It polls instead of scheduling a timeout per call: scheduling wakes the timer thread on every call
 * (a futex signal, about a fifth of a simple update's time on the build machine), while a running execution here
 * costs one set insertion and removal. The price is precision: a limit is enforced within one poll period.
 */
final class ExecutionWatchdog implements AutoCloseable {

    static final Duration POLL_PERIOD = Duration.ofMillis(20);

    /** One top-level execution in progress. */
    static final class Running {
        private final Context context;
        private final long deadlineNanos;
        private volatile boolean interrupted;

        private Running(Context context, long deadlineNanos) {
            this.context = context;
            this.deadlineNanos = deadlineNanos;
        }
    }

    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final Thread poller;
    private volatile boolean closed;

    ExecutionWatchdog() {
        poller = new Thread(this::poll, "wasm-execution-watchdog");
        poller.setDaemon(true);
        poller.start();
    }

    /** Starts watching an execution in {@code context} that may run for {@code limit}. */
    Running started(Context context, Duration limit) {
        Running execution = new Running(context, System.nanoTime() + limit.toNanos());
        running.add(execution);
        return execution;
    }

    /** The execution ended (normally or not): it is no longer watched. */
    void finished(Running execution) {
        running.remove(execution);
    }

    private void poll() {
        while (!closed) {
            try {
                Thread.sleep(POLL_PERIOD);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Running execution : running) {
                if (!execution.interrupted && now - execution.deadlineNanos >= 0) {
                    execution.interrupted = true;
                    interrupt(execution);
                }
            }
        }
    }

    private void interrupt(Running execution) {
        try {
            execution.context.interrupt(Duration.ofSeconds(10));
        } catch (TimeoutException | RuntimeException ignored) {
            // the call ended meanwhile, or the context is closing: nothing left to stop
        }
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }
}
