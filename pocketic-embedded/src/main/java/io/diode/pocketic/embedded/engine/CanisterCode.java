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
}
