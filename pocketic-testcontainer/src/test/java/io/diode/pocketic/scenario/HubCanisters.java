package io.diode.pocketic.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The canisters of the two-subnet scenario, compiled with motoko@4.10.0 from
 * {@code pocketic-embedded/src/test/resources/motoko/hub} and {@code motoko/counter} (the engine's {@code SubnetsIT}
 * compiles them into {@code pocketic-embedded/target/motoko-cache}).
 */
final class HubCanisters {

    /**
     * A factory whose children may live on another subnet: {@code spawn(name)} creates a child on its own subnet,
     * {@code bump(counter)} calls a counter's {@code inc} wherever it lives ("ok n" or "err message"),
     * {@code stop}/{@code start}/{@code status} manage a canister it controls through {@code aaaaa-aa}.
     */
    static final byte[] HUB = load("/canister/hub.wasm");
    /** {@code Counter(initial : Nat)}: {@code inc}, {@code get}. */
    static final byte[] COUNTER = load("/canister/counter.wasm");

    private HubCanisters() {}

    private static byte[] load(String resource) {
        try (InputStream in = HubCanisters.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
