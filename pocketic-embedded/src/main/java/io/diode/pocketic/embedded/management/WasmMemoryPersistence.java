package io.diode.pocketic.embedded.management;

/** {@code variant { keep; replace }}: whether an upgrade keeps the Wasm main memory (Motoko's EOP needs keep). */
public enum WasmMemoryPersistence {
    KEEP("keep"),
    REPLACE("replace");

    private final String candidName;

    WasmMemoryPersistence(String candidName) {
        this.candidName = candidName;
    }

    public String candidName() {
        return candidName;
    }
}
