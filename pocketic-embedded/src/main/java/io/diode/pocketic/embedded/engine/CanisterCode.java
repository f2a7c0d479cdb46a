package io.diode.pocketic.embedded.engine;

import io.diode.ic.management.EnhancedOrthogonalPersistence;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A validated canister module, ready to instantiate any number of times. */
interface CanisterCode {

    /** SHA-256 of the module as installed. */
    byte[] hash();

    Set<String> exportedFunctions();

    Optional<byte[]> customSection(String name);

    /**
     * Whether moc compiled it with enhanced orthogonal persistence (main memory must survive upgrades): the module
     * is already parsed (and inflated) here, so the shared rule's section names are looked up directly.
     */
    default boolean usesEnhancedOrthogonalPersistence() {
        return EnhancedOrthogonalPersistence.SECTION_NAMES.stream()
                .anyMatch(name -> customSection(name).isPresent());
    }

    /** Whether its memory is 64-bit: the IC charges such canisters twice the fee per instruction. */
    boolean wasm64();

    /** Bytes of the module as installed (for the memory metrics and fees). */
    long size();

    /** @param imports host functions by {@code module.name}, e.g. {@code ic0.msg_reply} */
    CanisterSandbox instantiate(Map<String, SystemApiFunction> imports);

    /**
     * For an upgrade that keeps main memory: an instance over {@code predecessor}'s memory itself, not a copy (closing
     * the predecessor hands it over; closing the new instance first gives it back unchanged). Empty when the two
     * modules cannot share it; the caller then copies the memory into a new instance.
     */
    Optional<CanisterSandbox> instantiateOverMemoryOf(
            CanisterSandbox predecessor, Map<String, SystemApiFunction> imports);
}
