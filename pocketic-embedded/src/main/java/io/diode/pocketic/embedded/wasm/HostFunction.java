package io.diode.pocketic.embedded.wasm;

/**
 * A host implementation of an imported WASM function (for example {@code ic0.msg_reply}).
 *
 * <p>Arguments arrive as {@code long}s in the order the import's signature declares them: an i32 as its unsigned
 * 32-bit value (0 .. 2^32-1, because the IC system API treats i32 sizes and offsets as unsigned), an i64 as is, an
 * f32/f64 as its raw IEEE bits. The return value is converted back to the declared result type (the low 32 bits
 * for an i32) and ignored when the function returns nothing.
 *
 * <p>To abort the running WASM code, throw any {@link RuntimeException} (such as the engine's
 * {@code CanisterTrap}): {@link WasmInstance#invoke} rethrows that same exception to the caller.
 */
@FunctionalInterface
public interface HostFunction {

    /**
     * @param instance the instance whose code called the import; use it for {@link WasmInstance#memory()}
     * @param args the arguments, as described above
     * @return the result, or anything (ignored) when the import returns nothing
     */
    long call(WasmInstance instance, long[] args);
}
