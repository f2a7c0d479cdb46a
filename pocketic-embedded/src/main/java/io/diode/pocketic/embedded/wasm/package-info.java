/**
 * The WebAssembly layer of the embedded engine: parsing and checking canister modules, metering their instructions as
 * the IC's replica counts them, lowering moc's table64 output so GraalWasm accepts it, and running instances with
 * host-provided imports.
 *
 * <p>Typical use by the engine:
 * <pre>{@code
 * WasmRuntime runtime = new WasmRuntime();                       // one per engine: shares compiled code
 * WasmModule module = WasmModule.parse(wasmBytes);               // InvalidWasmException on bad input
 * CompiledModule compiled = runtime.compile(module);             // keep it: each call compiles
 * HostImports imports = HostImports.builder()
 *     .function("ic0", "msg_reply", (instance, args) -> { ...; return 0; })
 *     .function("ic0", "trap", (instance, args) -> {
 *         throw new CanisterTrap(new String(instance.memory().read(args[0], (int) args[1]), UTF_8)); })
 *     .build();
 * try (WasmInstance instance = runtime.instantiate(compiled, imports)) {
 *     WasmInstance.Checkpoint committed = null;
 *     // per message: commit the last one (the undo log empties), run, roll back on trap
 *     committed = instance.checkpoint(committed);
 *     instance.setInstructionCounter(40_000_000_000L);          // the message's instruction limit
 *     try {
 *         instance.invoke("canister_update inc");                // WasmTrap OUT_OF_INSTRUCTIONS past the limit
 *         long used = 40_000_000_000L - instance.instructionCounter();
 *     } catch (WasmTrap | CanisterTrap e) {
 *         instance.restore(committed);                           // IC trap semantics: roll everything back
 *     }
 *     // queries: ALWAYS restore afterwards; moc's runtime refuses the next message if a query's changes remain
 * }
 * }</pre>
 *
 * <p>A checkpoint holds no copy of memory: the store barrier logs the old bytes of each page a message writes first
 * ({@code PageUndoLog}), and restoring it writes back those pages only. Snapshots
 * ({@link io.diode.pocketic.embedded.wasm.WasmInstance#snapshot()}) are copies, for what outlives a message (canister
 * snapshots, composite queries).
 *
 * <p>{@link io.diode.pocketic.embedded.wasm.WasmInstance#snapshot(WasmInstance.Snapshot)} and
 * {@link io.diode.pocketic.embedded.wasm.WasmInstance#restore} are incremental for the eight snapshots most recently
 * taken or restored, which are kept in step with memory (dirty-page tracking): they visit only the pages written
 * since. A new {@link io.diode.pocketic.embedded.wasm.WasmInstance#snapshot()} is a copy-on-write fork of one of
 * them. Any other snapshot (pushed out of the eight, or of a re-instantiated instance) still restores correctly, with
 * a full compare.
 */
package io.diode.pocketic.embedded.wasm;
