package io.diode.pocketic.embedded.server;

import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.ichttp.IcHttpInterface;
import io.diode.pocketic.embedded.ichttp.IcHttpResponse;
import io.diode.pocketic.embedded.wasm.GuestThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ic4j.types.Principal;

/**
 * One instance the server hosts: the engine plus what the REST API adds around it. Every operation on the
 * engine runs under this instance's lock, because {@link IcInstance} is not thread-safe; other instances
 * are never blocked by it.
 */
final class HostedInstance {

    private static final Logger LOG = Logger.getLogger(HostedInstance.class.getName());
    /** Rounds in auto-progress mode never come faster than this, so an idle instance does not spin a core. */
    private static final Duration MINIMUM_ROUND_INTERVAL = Duration.ofMillis(10);

    private final int id;
    private final IcInstance engine;
    // fair, so that an auto-progress loop cannot starve REST requests
    private final ReentrantLock lock = new ReentrantLock(true);
    /** Who submitted each ingress message: ingress_status answers only its sender when asked as someone. */
    private final Map<MessageId, Principal> ingressSenders = new ConcurrentHashMap<>();
    /** The IC HTTP interface agents reach at /instances/{id}/api/...; used under the lock like the engine. */
    private final IcHttpInterface icHttpInterface = new IcHttpInterface(Clock.systemUTC(), ingressSenders);

    private volatile boolean deleted;
    private Thread autoProgress; // guarded by lock

    HostedInstance(int id, IcInstance engine) {
        this.id = id;
        this.engine = engine;
    }

    int id() {
        return id;
    }

    boolean isDeleted() {
        return deleted;
    }

    /**
     * Runs {@code operation} on the engine, alone, on a thread canister code can run on (see {@link GuestThreads}):
     * in place when the request runs on one already (the REST server's do), else one hand-over per request rather
     * than one per execution.
     */
    <T> T call(Function<IcInstance, T> operation) {
        lock.lock();
        try {
            requireNotDeleted();
            return GuestThreads.call(() -> operation.apply(engine));
        } finally {
            lock.unlock();
        }
    }

    /** Answers an IC HTTP interface request ({@code path} below the instance, e.g. {@code api/v2/status}). */
    IcHttpResponse handleIcHttp(String method, String path, byte[] body) {
        return call(engine -> icHttpInterface.handle(engine, method, path, body));
    }

    void recordSender(MessageId messageId, Principal sender) {
        ingressSenders.put(messageId, sender);
    }

    Principal senderOf(MessageId messageId) {
        return ingressSenders.get(messageId);
    }

    /** Frees the engine. Waits for the operation in progress, if any; later operations get a 404. */
    void delete() {
        lock.lock();
        try {
            requireNotDeleted();
            deleted = true;
            stopAutoProgressLocked();
            ingressSenders.clear();
            engine.close();
        } finally {
            lock.unlock();
        }
    }

    /** Makes progress on its own: every round the time jumps to the wall clock and a round executes. */
    void startAutoProgress(Duration artificialDelay) {
        lock.lock();
        try {
            requireNotDeleted();
            if (autoProgress != null) {
                return;
            }
            Duration interval =
                    artificialDelay.compareTo(MINIMUM_ROUND_INTERVAL) > 0 ? artificialDelay : MINIMUM_ROUND_INTERVAL;
            autoProgress = Thread.ofVirtual().name("auto-progress-" + id).start(() -> runRounds(interval));
        } finally {
            lock.unlock();
        }
    }

    void stopAutoProgress() {
        lock.lock();
        try {
            requireNotDeleted();
            stopAutoProgressLocked();
        } finally {
            lock.unlock();
        }
    }

    boolean autoProgressEnabled() {
        lock.lock();
        try {
            requireNotDeleted();
            return autoProgress != null;
        } finally {
            lock.unlock();
        }
    }

    private void stopAutoProgressLocked() {
        if (autoProgress != null) {
            autoProgress.interrupt();
            autoProgress = null;
        }
    }

    private void runRounds(Duration interval) {
        Thread self = Thread.currentThread();
        while (!self.isInterrupted()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            lock.lock();
            try {
                if (deleted || autoProgress != self) {
                    return;
                }
                Instant now = Instant.now();
                if (now.isAfter(engine.time())) {
                    engine.setTime(now);
                }
                GuestThreads.run(engine::tick);
            } catch (RuntimeException e) {
                // A failing round must not end auto progress silently nor kill the server: log and go on.
                LOG.log(Level.WARNING, "instance " + id + ": a round in auto-progress mode failed", e);
            } finally {
                lock.unlock();
            }
        }
    }

    private void requireNotDeleted() {
        if (deleted) {
            throw RestApiException.notFound("instance " + id + " was deleted; create a new one with POST /instances");
        }
    }
}
