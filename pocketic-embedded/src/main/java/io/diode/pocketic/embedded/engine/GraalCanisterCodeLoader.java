package io.diode.pocketic.embedded.engine;

import io.diode.ic.Sha256;
import io.diode.pocketic.embedded.wasm.CompiledModule;
import io.diode.pocketic.embedded.wasm.HostImports;
import io.diode.pocketic.embedded.wasm.InvalidWasmException;
import io.diode.pocketic.embedded.wasm.ModuleLimits;
import io.diode.pocketic.embedded.wasm.WasmImport;
import io.diode.pocketic.embedded.wasm.WasmInstance;
import io.diode.pocketic.embedded.wasm.WasmModule;
import io.diode.pocketic.embedded.wasm.WasmRuntime;
import io.diode.pocketic.embedded.wasm.WasmTrap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/** Loads canister modules with the WASM layer (GraalWasm), sharing one runtime and its compiled-code cache. */
final class GraalCanisterCodeLoader implements CanisterCodeLoader {

    /** The IC's limit on an installed module (uncompressed). */
    static final int MAX_MODULE_BYTES = 100 * 1024 * 1024;

    /** Modules kept loaded: the sample's and the engine tests' suites install fewer different ones than this. */
    static final int CACHED_MODULES = 32;

    private final WasmRuntime runtime;
    private final ModuleCache<CanisterCode> loaded = new ModuleCache<>(CACHED_MODULES);

    GraalCanisterCodeLoader(WasmRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public CanisterCode load(byte[] wasm) {
        byte[] hash = Sha256.of(wasm);
        return loaded.get(HexFormat.of().formatHex(hash), () -> parseAndCompile(wasm, hash));
    }

    private CanisterCode parseAndCompile(byte[] wasm, byte[] hash) {
        byte[] module = isGzip(wasm) ? gunzip(wasm) : wasm;
        try {
            WasmModule parsed = WasmModule.parse(module);
            for (WasmImport imported : parsed.imports()) {
                if (!imported.module().equals("ic0")) {
                    throw new InvalidCanisterCodeException(
                            "Wasm module has an invalid import section. Module imports"
                                    + " function '" + imported.name() + "' from '" + imported.module()
                                    + "' that is not exported by the runtime.",
                            null);
                }
            }
            ModuleLimits.check(parsed);
            CompiledModule compiled = runtime.compile(parsed);
            if (!compiled.unsupportedGlobals().isEmpty()) {
                // refused here, before any message: the engine rolls every message back through a snapshot of the
                // mutable globals, and these it cannot read
                throw new InvalidCanisterCodeException(
                        "pocketic-embedded cannot run a module with mutable globals of v128 or reference type"
                                + " (globals " + compiled.unsupportedGlobals() + "): it could not roll a message"
                                + " back; keep such state in memory instead",
                        null);
            }
            return new GraalCanisterCode(parsed, compiled, hash, wasm.length);
        } catch (InvalidWasmException invalid) {
            throw new InvalidCanisterCodeException(invalid.getMessage(), invalid);
        }
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length > 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B;
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] module = in.readNBytes(MAX_MODULE_BYTES + 1);
            if (module.length > MAX_MODULE_BYTES) {
                throw new InvalidCanisterCodeException(
                        "the decompressed module exceeds " + MAX_MODULE_BYTES + " bytes", null);
            }
            return module;
        } catch (IOException corrupt) {
            throw new InvalidCanisterCodeException(
                    "the gzip-compressed module cannot be decompressed: " + corrupt.getMessage(), corrupt);
        }
    }

    private final class GraalCanisterCode implements CanisterCode {

        private final WasmModule module;
        private final CompiledModule compiled;
        private final byte[] hash;
        private final long size;
        private final Set<String> exports;

        GraalCanisterCode(WasmModule module, CompiledModule compiled, byte[] hash, long size) {
            this.module = module;
            this.compiled = compiled;
            this.hash = hash;
            this.size = size;
            this.exports = Set.copyOf(new LinkedHashSet<>(module.exportedFunctionNames()));
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        @Override
        public Set<String> exportedFunctions() {
            return exports;
        }

        @Override
        public Optional<byte[]> customSection(String name) {
            return module.customSection(name);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public boolean wasm64() {
            return module.usesMemory64();
        }

        @Override
        public CanisterSandbox instantiate(Map<String, SystemApiFunction> imports) {
            HostImports hostImports = hostImports(imports);
            return new GraalSandbox(
                    instantiating(() -> runtime.instantiateDeferringStart(compiled, hostImports)), module);
        }

        @Override
        public Optional<CanisterSandbox> instantiateOverMemoryOf(
                CanisterSandbox predecessor, Map<String, SystemApiFunction> imports) {
            if (!(predecessor instanceof GraalSandbox graal)) {
                return Optional.empty();
            }
            HostImports hostImports = hostImports(imports);
            Optional<WasmInstance> instance =
                    instantiating(() -> runtime.instantiateOverMemoryOf(graal.instance, compiled, hostImports));
            return instance.map(created -> new GraalSandbox(created, module));
        }

        private <T> T instantiating(Supplier<T> instantiation) {
            try {
                return instantiation.get();
            } catch (InvalidWasmException invalid) {
                throw new InvalidCanisterCodeException(invalid.getMessage(), invalid);
            } catch (WasmTrap trap) {
                throw new CanisterTrap(CanisterTrap.Kind.WASM_TRAP, trap.getMessage());
            }
        }

        private HostImports hostImports(Map<String, SystemApiFunction> imports) {
            HostImports.Builder builder = HostImports.builder();
            for (WasmImport imported : module.functionImports()) {
                SystemApiFunction function = imports.get(imported.module() + "." + imported.name());
                if (function == null) {
                    throw new InvalidCanisterCodeException(
                            "Wasm module has an invalid import section. Module"
                                    + " imports function '" + imported.name() + "' from '" + imported.module()
                                    + "' that is not exported by the runtime.",
                            null);
                }
                builder.function(
                        imported.module(),
                        imported.name(),
                        (instance, args) -> function.call(new InstanceMemory(instance), args));
            }
            return builder.build();
        }
    }

    /** The memory of the instance calling a host function; WASM-layer bounds errors become traps. */
    private record InstanceMemory(WasmInstance instance) implements GuestMemory {

        @Override
        public void read(long address, byte[] destination, int offset, int length) {
            try {
                instance.memory().read(address, destination, offset, length);
            } catch (WasmTrap | IllegalStateException outOfBounds) {
                throw new CanisterTrap(CanisterTrap.Kind.WASM_TRAP, "heap out of bounds");
            }
        }

        @Override
        public void write(long address, byte[] source, int offset, int length) {
            try {
                instance.memory().write(address, source, offset, length);
            } catch (WasmTrap | IllegalStateException outOfBounds) {
                throw new CanisterTrap(CanisterTrap.Kind.WASM_TRAP, "heap out of bounds");
            }
        }
    }

    /** A canister instance on GraalWasm; WASM traps become {@link CanisterTrap}s. */
    private static final class GraalSandbox implements CanisterSandbox {

        private final WasmInstance instance;
        private final boolean hasMemory;
        private final boolean hasTable;
        private WasmInstance.Checkpoint reusable;
        /** The newest independent snapshot: only canisters that take them (composite queries) keep a copy. */
        private WasmInstance.Snapshot lastIndependent;
        /** The limit of the execution running, for the reject when the counter runs out. */
        private long instructionLimit;

        private long unmeteredCounter;

        GraalSandbox(WasmInstance instance, WasmModule module) {
            this.instance = instance;
            this.hasMemory = !module.memories().isEmpty();
            this.hasTable = !module.tables().isEmpty();
        }

        @Override
        public void invoke(String export) {
            translatingTraps(() -> instance.invoke(export));
        }

        /** Runs canister code; WASM traps become canister traps, anything else unexpected an internal error. */
        private void translatingTraps(Runnable execution) {
            try {
                execution.run();
            } catch (WasmTrap trap) {
                if (trap.kind() == WasmTrap.Kind.OUT_OF_INSTRUCTIONS) {
                    throw CanisterTrap.instructionLimitExceeded(instructionLimit);
                }
                throw translate(trap);
            } catch (CanisterTrap trap) {
                throw trap;
            } catch (RuntimeException internal) {
                throw internalError(internal);
            }
        }

        @Override
        public void start() {
            translatingTraps(instance::runStart);
        }

        @Override
        public void invokeCallback(long tableIndex, long env) {
            if (!hasTable) {
                throw new CanisterTrap(CanisterTrap.Kind.WASM_TRAP, "the module has no table to call back into");
            }
            translatingTraps(() -> instance.callTableEntry(tableIndex, env));
        }

        @Override
        public void setInstructionCounter(long remaining, long limit) {
            instructionLimit = limit;
            if (instance.module().metered()) {
                instance.setInstructionCounter(remaining);
            } else {
                unmeteredCounter = remaining;
            }
        }

        /** Without metering (only to measure what it costs) the code appears to use no instructions. */
        @Override
        public long instructionCounter() {
            return instance.module().metered() ? instance.instructionCounter() : unmeteredCounter;
        }

        @Override
        public long memorySize() {
            return hasMemory ? instance.memory().size() : 0;
        }

        @Override
        public void read(long address, byte[] destination, int offset, int length) {
            new InstanceMemory(instance).read(address, destination, offset, length);
        }

        @Override
        public void write(long address, byte[] source, int offset, int length) {
            new InstanceMemory(instance).write(address, source, offset, length);
        }

        @Override
        public void growMemoryTo(long bytes) {
            long missing = bytes - memorySize();
            if (missing <= 0) {
                return;
            }
            long pages = (missing + 65_535) / 65_536;
            if (instance.growMemory(pages) == -1) {
                throw new CanisterTrap(
                        CanisterTrap.Kind.OUT_OF_MEMORY, "the new module's memory cannot grow to " + bytes + " bytes");
            }
        }

        @Override
        public Object snapshot() {
            // one live checkpoint per sandbox at a time: the WASM layer logs the pages the message overwrites
            reusable = instance.checkpoint(reusable);
            return reusable;
        }

        @Override
        public Object independentSnapshot() {
            // held so that the next one forks it (copying what changed since) rather than copying the whole memory:
            // a composite query takes one per canister and call context, then drops them
            lastIndependent = instance.snapshot();
            return lastIndependent;
        }

        @Override
        public void restore(Object snapshot) {
            if (snapshot instanceof WasmInstance.Checkpoint checkpoint) {
                instance.restore(checkpoint);
            } else {
                instance.restore((WasmInstance.Snapshot) snapshot);
            }
        }

        @Override
        public void close() {
            instance.close();
        }

        /**
         * A failure that is neither the canister's trap nor a WASM trap is a bug of the engine or the runtime;
         * it still ends only this message (rolled back like a trap) so the instance and other canisters live on.
         */
        private static CanisterTrap internalError(RuntimeException internal) {
            System.getLogger("io.diode.pocketic.embedded.engine")
                    .log(System.Logger.Level.ERROR, "internal error while executing canister code", internal);
            return new CanisterTrap(CanisterTrap.Kind.WASM_TRAP, "internal error of the engine: " + internal);
        }

        private static CanisterTrap translate(WasmTrap trap) {
            String message = switch (trap.kind()) {
                case UNREACHABLE -> "unreachable";
                case OUT_OF_BOUNDS -> "heap out of bounds";
                case DIVIDE_BY_ZERO -> "integer division by 0";
                case INTEGER_OVERFLOW -> "integer overflow";
                case INDIRECT_CALL -> "function invocation does not match its signature";
                case STACK_OVERFLOW -> "stack overflow";
                case LIMIT_EXCEEDED ->
                    "Canister exceeded the engine's wall-clock safety limit for single message" + " execution ("
                            + trap.getMessage() + "; not an IC limit: the IC limits instructions)";
                default -> trap.getMessage();
            };
            if (trap.kind() == io.diode.pocketic.embedded.wasm.WasmTrap.Kind.LIMIT_EXCEEDED) {
                return new CanisterTrap(CanisterTrap.Kind.INSTRUCTION_LIMIT, message);
            }
            return new CanisterTrap(CanisterTrap.Kind.WASM_TRAP, message);
        }
    }
}
