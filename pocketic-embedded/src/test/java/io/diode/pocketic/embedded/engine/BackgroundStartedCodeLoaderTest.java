package io.diode.pocketic.embedded.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundStartedCodeLoaderTest {

    @Test
    void startsAtOnceAndLoadsWaitForTheStart() throws Exception {
        CountDownLatch starting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CanisterCodeLoader loader = new BackgroundStartedCodeLoader(() -> {
            starting.countDown();
            await(release);
            return new GraalCanisterCodeLoader(new io.diode.pocketic.embedded.wasm.WasmRuntime());
        });
        // the start runs without anyone asking for a module
        assertThat(starting.await(30, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        assertThatThrownBy(() -> loader.load(new byte[] {1, 2, 3})).isInstanceOf(InvalidCanisterCodeException.class);
    }

    @Test
    void aFailedStartFailsEveryLoadWithItsCause() {
        CanisterCodeLoader loader = new BackgroundStartedCodeLoader(() -> {
            throw new IllegalStateException("GraalWasm is missing");
        });
        assertThatThrownBy(() -> loader.load(new byte[0]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("GraalWasm is missing");
        assertThatThrownBy(() -> loader.load(new byte[0])).hasMessage("GraalWasm is missing");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
