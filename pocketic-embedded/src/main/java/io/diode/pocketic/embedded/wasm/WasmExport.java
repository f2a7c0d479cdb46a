package io.diode.pocketic.embedded.wasm;

/** One export: its name, what it refers to, and the index in that kind's index space. */
public record WasmExport(String name, ExternalKind kind, int index) {}
