package io.diode.pocketic.embedded.engine;

/**
 * A system API function as the WASM layer calls it: integer arguments in, at most one integer result out
 * (ignored for functions that return nothing). i32 values arrive zero-extended (they are addresses and sizes);
 * results are truncated to the import's declared type.
 */
@FunctionalInterface
interface SystemApiFunction {

    /** @param memory the linear memory of the instance whose code called the function */
    long call(GuestMemory memory, long[] arguments);
}
