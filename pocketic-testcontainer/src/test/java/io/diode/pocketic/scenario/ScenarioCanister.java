package io.diode.pocketic.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The compiled test canister, {@code src/test/resources/canister/scenario.mo}. */
final class ScenarioCanister {

    static final byte[] WASM = load();

    private ScenarioCanister() {
    }

    private static byte[] load() {
        try (InputStream in = ScenarioCanister.class.getResourceAsStream("/canister/scenario.wasm")) {
            if (in == null) {
                throw new IllegalStateException("scenario.wasm is missing from the test resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
