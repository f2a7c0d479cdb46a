package io.diode.pocketic.embedded.wasm;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * Runs WebAssembly modules on GraalWasm. Owns one polyglot {@link Engine} shared by all instances, so a module is
 * parsed once however often it is instantiated (install, upgrade, each test) and, where Truffle's optimizing
 * runtime is available, its compiled code is shared too. It keeps no module itself: whoever compiles decides what to
 * keep (the engine's {@code ModuleCache}), and GraalWasm's code for a module lives as long as its
 * {@link CompiledModule}. Thread-safe. Close it to free the engine; instances still open stop working
 * (their calls fail with {@link IllegalStateException}), so close them first.
 */
public final class WasmRuntime implements AutoCloseable {

    /**
     * Default wall-clock limit of one {@link WasmInstance#invoke}: only a safety net. Messages are limited by their
     * instruction count ({@link InstructionMetering}), and the IC's largest limits (40 billion for an update, 300
     * billion for an install) take minutes here, so this is far above them.
     */
    public static final Duration DEFAULT_EXECUTION_TIME_LIMIT = Duration.ofMinutes(20);

    /**
     * Logged once per JVM when Truffle has no optimizing compiler: canister code then runs several times slower,
     * and the fix is a JVM flag away.
     */
    static final String INTERPRETED_NOTICE = "GraalWasm runs canister code interpreted (no JIT compiler): start"
            + " the JVM (JDK 25+) with -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<the"
            + " org.graalvm.compiler:compiler, org.graalvm.truffle:truffle-compiler, org.graalvm.sdk:word and"
            + " org.graalvm.sdk:collections jars of GraalVM 25.0.2> for compiled speed (PocketIcLauncher and the"
            + " container image do this when a graal-compiler directory lies beside pocketic-embedded.jar)";

    private static final AtomicBoolean INTERPRETED_NOTICE_LOGGED = new AtomicBoolean();

    /**
     * Truffle's own system property for how it compiles; unset, the runtime uses {@code latency} (compile sooner and
     * cheaper). {@code -Dpolyglot.engine.Mode=default} (Truffle's balance) or {@code throughput} favour long, compute-heavy messages.
     */
    static final String COMPILATION_MODE_PROPERTY = "polyglot.engine.Mode";

    private final Engine engine;
    private final ExecutionWatchdog watchdog;
    private final boolean metering;

    /** A runtime whose modules count their instructions ({@link InstructionMetering}). */
    public WasmRuntime() {
        this(true);
    }

    /**
     * A runtime whose modules count no instructions: {@link WasmInstance#instructionCounter()} is not available.
     * Only for measuring what metering costs (the engine benchmark); the engine itself always meters.
     */
    public static WasmRuntime withoutInstructionMetering() {
        return new WasmRuntime(false);
    }

    private WasmRuntime(boolean metering) {
        this.metering = metering;
        this.engine = newEngine();
        if (!compilesToMachineCode() && INTERPRETED_NOTICE_LOGGED.compareAndSet(false, true)) {
            System.getLogger(WasmRuntime.class.getName()).log(System.Logger.Level.WARNING, INTERPRETED_NOTICE);
        }
        this.watchdog = new ExecutionWatchdog();
    }

    private static Engine newEngine() {
        Engine engine = engineBuilder().build();
        if (System.getProperty(COMPILATION_MODE_PROPERTY) != null
                || "Interpreted".equals(engine.getImplementationName())) {
            return engine; // the mode is the user's, or there is no compiler (and no such option) to configure
        }
        // Tests run many modules, each briefly, and Truffle compiles each module's code anew: compiling sooner and
        // cheaper pays (Motoko's drun tests ran 13 % faster on a fresh JVM, billion-instruction messages included;
        // docs/benchmarks.md). A second engine costs about a millisecond.
        engine.close();
        return engineBuilder().option("engine.Mode", "latency").build();
    }

    private static Engine.Builder engineBuilder() {
        return Engine.newBuilder("wasm")
                .allowExperimentalOptions(true)
                .option("wasm.Memory64", "true")
                .option("wasm.UseUnsafeMemory", "true")
                // the dirty-page map lives in a second memory
                .option("wasm.MultiMemory", "true")
                .option("engine.WarnInterpreterOnly", "false");
    }

    /**
     * Whether Truffle's optimizing runtime compiles the canister code to machine code (the Graal compiler is on the
     * JVM's upgrade module path with JVMCI enabled), rather than interpreting it.
     */
    public boolean compilesToMachineCode() {
        return !"Interpreted".equals(engine.getImplementationName());
    }

    /** Parses and compiles a WASM binary (see {@link #compile(WasmModule)}). */
    public CompiledModule compile(byte[] wasm) {
        return compile(WasmModule.parse(wasm));
    }

    /**
     * Prepares a module to run: adds instruction metering and the stack limit, lowers table64 and unsigned
     * int-to-float conversions, adds dirty-page tracking, a logical memory size and state-access exports, makes
     * memory 0 an import where it has a logical size, and lets GraalWasm check and compile it. Every call compiles:
     * keep the result to reuse it.
     *
     * @throws InvalidWasmException if the module cannot be lowered or GraalWasm rejects it
     */
    public CompiledModule compile(WasmModule module) {
        // metering first: it counts the author's instructions, not the code the passes after it add
        byte[] metered = metering ? InstructionMetering.instrument(module) : module.rawBytes();
        // then the stack limit, on the author's functions only (metering appended its helpers after them)
        byte[] stackLimited =
                StackDepthLimit.instrument(metered, module.functionTypeIndices().size());
        // unsigned int-to-float conversions become signed ones: the Graal compiler fails on some (AVX-512)
        byte[] lowered = UnsignedConversionLowering.lower(HeapMaximum.cap(Table64Lowering.lower(stackLimited)));
        byte[] tracked = DirtyPageTracking.instrument(lowered);
        // a logical memory size only where pages are tracked: undoing growth relies on restoring just the dirty ones
        byte[] logical = tracked != null ? LogicalMemorySize.instrument(tracked) : null;
        StateAccessExports.Result stateAccess =
                StateAccessExports.add(logical != null ? logical : tracked != null ? tracked : lowered);
        // where growth can be undone without a new instance, an instance can also hand its memory to a successor
        MainMemoryImport.Result imported = logical != null ? MainMemoryImport.apply(stateAccess.bytes()) : null;
        byte[] prepared = imported != null ? imported.bytes() : stateAccess.bytes();
        Source source = Source.newBuilder("wasm", ByteSequence.create(prepared), module.sha256() + ".wasm")
                .cached(true)
                .buildLiteral();
        // Evaluating once checks the module now, so bad code fails at compile time with a clear message rather than
        // at the first instantiation, and leaves the parsed module in the engine's cache.
        try (Context context = newContext()) {
            context.eval(source);
        } catch (PolyglotException e) {
            throw new InvalidWasmException("GraalWasm rejects the module: " + e.getMessage(), e);
        }
        return new CompiledModule(
                module,
                prepared,
                source,
                stateAccess,
                tracked != null,
                imported != null ? imported.memory() : null,
                metering);
    }

    /**
     * Creates an instance with its own memory, globals and tables, binding the module's function imports to
     * {@code imports}. Runs the module's start function, if any.
     *
     * @throws InvalidWasmException if an import is missing from {@code imports}, or is not a function
     */
    public WasmInstance instantiate(CompiledModule module, HostImports imports) {
        return new WasmInstance(this, module, imports, true);
    }

    /**
     * Like {@link #instantiate}, but leaves the start function for the caller to run with
     * {@link WasmInstance#runStart()}, so it can first prepare the memory: on the IC, an upgrade that keeps main
     * memory runs the new module's start function over the old memory (Motoko's enhanced orthogonal persistence
     * depends on it).
     */
    public WasmInstance instantiateDeferringStart(CompiledModule module, HostImports imports) {
        return new WasmInstance(this, module, imports, false);
    }

    /**
     * For an upgrade that keeps main memory: an instance of {@code module} over {@code predecessor}'s memory itself
     * rather than a copy, its start function not run (as {@link #instantiateDeferringStart}). Closing the predecessor
     * hands the memory over for good; closing the new instance first gives it back unchanged (its writes undone),
     * so a failed upgrade leaves the predecessor as it was. Empty when the two cannot share the memory (see
     * {@link WasmInstance#canLendMemoryTo}): the caller copies it instead.
     *
     * @throws InvalidWasmException if an import is missing from {@code imports}, or is not a function
     */
    public Optional<WasmInstance> instantiateOverMemoryOf(
            WasmInstance predecessor, CompiledModule module, HostImports imports) {
        if (!predecessor.canLendMemoryTo(module)) {
            return Optional.empty();
        }
        return Optional.of(new WasmInstance(predecessor, module, imports));
    }

    Context newContext() {
        return Context.newBuilder("wasm").engine(engine).build();
    }

    ExecutionWatchdog watchdog() {
        return watchdog;
    }

    @Override
    public void close() {
        watchdog.close();
        engine.close();
    }
}
