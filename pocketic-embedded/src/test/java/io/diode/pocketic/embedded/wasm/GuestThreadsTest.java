package io.diode.pocketic.embedded.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GuestThreadsTest {

    @Test
    void aStartedTaskRunsCanisterCallsInPlaceOnItsGuestThread() throws Exception {
        CompletableFuture<Thread[]> threads = new CompletableFuture<>();
        GuestThreads.start(() -> {
            Thread started = Thread.currentThread();
            Thread called = GuestThreads.call(Thread::currentThread);
            threads.complete(new Thread[] {started, called});
        });

        Thread[] seen = threads.get(10, TimeUnit.SECONDS);
        assertThat(seen[0].getName()).startsWith("canister-code-");
        assertThat(seen[1]).isSameAs(seen[0]);
    }

    @Test
    void aStartedTaskThatFailsLeavesItsWorkerUsable() throws Exception {
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        CompletableFuture<Thread> failedOn = new CompletableFuture<>();
        GuestThreads.start(() -> {
            Thread.currentThread().setUncaughtExceptionHandler((thread, failure) -> reported.complete(failure));
            failedOn.complete(Thread.currentThread());
            throw new IllegalStateException("request failed");
        });
        assertThat(reported.get(10, TimeUnit.SECONDS)).hasMessage("request failed");

        // the worker went back to the idle list by itself: a waiting caller gets its answer from a guest thread
        assertThat(GuestThreads.call(() -> 42)).isEqualTo(42);
        assertThat(failedOn.get().isAlive()).isTrue();
    }
}
