package io.diode.pocketic.embedded.engine;

/** Validates and compiles canister modules (the WASM layer behind an engine-shaped interface). */
interface CanisterCodeLoader {

    /** @throws InvalidCanisterCodeException when the bytes are not a module the IC would accept */
    CanisterCode load(byte[] wasm);
}
