package io.diode.pocketic.embedded.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ends a server nobody talks to any more ({@code --ttl}), so that a server whose launcher died does not live on
 * as an orphan. A request in progress, however long, counts as activity.
 */
final class InactivityWatchdog implements AutoCloseable {

    private final long ttlNanos;
    private final Runnable onExpiry;
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final AtomicInteger requestsInProgress = new AtomicInteger();
    private final Thread thread;

    InactivityWatchdog(Duration ttl, Runnable onExpiry) {
        this.ttlNanos = ttl.toNanos();
        this.onExpiry = onExpiry;
        long checkMillis = Math.max(10, Math.min(1_000, ttl.toMillis() / 4));
        this.thread = Thread.ofPlatform().daemon().name("pocketic-ttl").start(() -> watch(checkMillis));
    }

    void requestStarted() {
        requestsInProgress.incrementAndGet();
        lastActivity.set(System.nanoTime());
    }

    void requestFinished() {
        lastActivity.set(System.nanoTime());
        requestsInProgress.decrementAndGet();
    }

    private void watch(long checkMillis) {
        while (true) {
            try {
                Thread.sleep(checkMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (requestsInProgress.get() == 0 && System.nanoTime() - lastActivity.get() > ttlNanos) {
                onExpiry.run();
                return;
            }
        }
    }

    @Override
    public void close() {
        if (Thread.currentThread() != thread) {
            thread.interrupt();
        }
    }
}
