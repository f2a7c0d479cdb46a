package io.diode.pocketic.embedded.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A code loader whose GraalWasm engine starts on a thread of its own as soon as the loader is made: creating an
 * instance does not wait for it (about 1 s of Truffle start-up on the build machines, the largest part of the first
 * {@code POST /instances}); the first module to load does, for whatever is left of it.
 */
final class BackgroundStartedCodeLoader implements CanisterCodeLoader {

    private final CompletableFuture<CanisterCodeLoader> started = new CompletableFuture<>();

    BackgroundStartedCodeLoader(Supplier<CanisterCodeLoader> start) {
        Thread.ofPlatform().daemon().name("graalwasm-start").start(() -> {
            try {
                started.complete(start.get());
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        });
    }

    @Override
    public CanisterCode load(byte[] wasm) {
        return loader().load(wasm);
    }

    private CanisterCodeLoader loader() {
        try {
            return started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
