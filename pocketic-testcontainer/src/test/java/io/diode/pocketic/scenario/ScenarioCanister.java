package io.diode.pocketic.scenario;

import io.diode.candid.Leb128;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The compiled test canister, {@code src/test/resources/canister/scenario.mo}. */
final class ScenarioCanister {

    static final byte[] WASM = load();

    private ScenarioCanister() {}

    /**
     * The module with a custom section appended so that it has at least {@code size} bytes: still a valid module,
     * but too large for one ingress message, so installing it needs chunks.
     */
    static byte[] withPadding(int size) {
        byte[] name = "diode:padding".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int payload = Math.max(0, size - WASM.length);
        java.io.ByteArrayOutputStream section = new java.io.ByteArrayOutputStream();
        Leb128.writeUnsigned(section, name.length);
        section.writeBytes(name);
        section.writeBytes(new byte[payload]);
        java.io.ByteArrayOutputStream module = new java.io.ByteArrayOutputStream();
        module.writeBytes(WASM);
        module.write(0);
        Leb128.writeUnsigned(module, section.size());
        module.writeBytes(section.toByteArray());
        return module.toByteArray();
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
