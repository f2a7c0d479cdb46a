package io.diode.pocketic.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The journal test canister in two versions (counter in main memory, a value in stable memory, Debug.print on every
 * change, a method that traps), compiled with motoko@4.10.0 from
 * {@code pocketic-embedded/src/test/resources/motoko/journal} and {@code journal-v2}; and the inspector canister
 * ({@code motoko/inspector}), which calls {@code canister_info} and takes and loads snapshots of canisters it controls,
 * and the factory canister ({@code motoko/factory}).
 */
public final class JournalCanister {

    public static final byte[] V1 = load("/canister/journal.wasm");
    public static final byte[] V2 = load("/canister/journal-v2.wasm");
    public static final byte[] INSPECTOR = load("/canister/inspector.wasm");
    /** {@code motoko/factory}: {@code create(name)} makes a child canister (an actor class instance) it controls. */
    public static final byte[] FACTORY = load("/canister/factory.wasm");

    private JournalCanister() {}

    private static byte[] load(String resource) {
        try (InputStream in = JournalCanister.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
