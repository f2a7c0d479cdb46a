package io.diode.pocketic.embedded.conformance;

import io.diode.candid.VariantValue;
import io.diode.ic.management.EnhancedOrthogonalPersistence;
import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.InstanceConfig;
import io.diode.pocketic.embedded.api.MessageId;
import io.diode.pocketic.embedded.api.SubnetKind;
import io.diode.pocketic.embedded.engine.EmbeddedIc;
import io.diode.pocketic.embedded.management.TestManagement;
import io.diode.pocketic.embedded.server.ErrorCodeName;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.ic4j.types.Principal;

/**
 * Runs one run-drun test script against a new engine instance the way Motoko's {@code test-runner}
 * (test-runner/src/main.rs, over PocketIC) does, on a subnet of the kind the runner uses (a system subnet unless
 * the script asks for an application subnet), and writes what it prints: the canister's debug output as
 * {@code debug.print: …} lines (run.sh's normalisation of PocketIC's {@code [Canister …]} log lines), and one line
 * per command.
 *
 * <p>The runner's semantics reproduced here: the canister named by the first install/reinstall/upgrade is created
 * first with that id, controllers {anonymous, itself} and 10^15 cycles, printing a fixed reply; every command is
 * sent by the anonymous principal; an upgrade passes {@code wasm_memory_persistence = opt keep} when the module has
 * the {@code enhanced-orthogonal-persistence} section; an ingress message is submitted, then the runner ticks and
 * advances time by one second until it completes; {@code __motoko_stabilize_before_upgrade} is an ordinary update
 * call (no time advance) and {@code stop_canister}/{@code start_canister} stop or start the canister named in the
 * argument's last ten bytes; a submission error of any other ingress message ends the run (the runner's
 * {@code ?} on submit_call), without output.
 */
final class RunDrunSession implements AutoCloseable {

    /** The test runner polls an ingress message until it completes; a message still open after this gives up. */
    static final int MAX_POLLS = 2_000;

    private static final String CANISTER_LOGGER = "io.diode.pocketic.embedded.canister";
    private static final String EXECUTION_LOGGER = "io.diode.pocketic.embedded.execution";
    private static final Principal ANONYMOUS = Principal.fromString("2vxsx-fae");
    private static final String EMPTY_REPLY = "0x4449444c0000";
    private static final String CREATE_REPLY = "0x4449444c016c01b3c4b1f204680100010a00000000000000000101";

    private final IcInstance ic;
    private final Function<String, byte[]> modules;
    private final List<String> output = new ArrayList<>();
    private final List<Timing> timings = new ArrayList<>();
    private final Logger canisterLog = Logger.getLogger(CANISTER_LOGGER);
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            Object[] parameters = record.getParameters();
            if (parameters != null && parameters.length == 2) {
                String text = String.valueOf(parameters[1]);
                // the replica records a trap in the canister log but PocketIC does not print it
                if (!text.startsWith("[TRAP")) {
                    output.add("debug.print: " + text); // PocketIC prints the lines after the first as they are
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    /** The engine's execution log: what each execution counted, summed per command. */
    private final Logger executionLog = Logger.getLogger(EXECUTION_LOGGER);

    private final Handler countInstructions = new Handler() {
        @Override
        public void publish(LogRecord record) {
            Object[] parameters = record.getParameters();
            if (parameters != null && parameters.length == 3 && parameters[2] instanceof Long instructions) {
                commandInstructions.add(instructions);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final java.util.concurrent.atomic.LongAdder commandInstructions =
            new java.util.concurrent.atomic.LongAdder();

    RunDrunSession(Function<String, byte[]> modules, Instant startTime, SubnetKind subnetKind) {
        this.modules = modules;
        this.ic = EmbeddedIc.create(new InstanceConfig(startTime, subnetKind));
        canisterLog.setUseParentHandlers(false);
        canisterLog.addHandler(capture);
        executionLog.setUseParentHandlers(false);
        executionLog.setLevel(Level.FINE);
        executionLog.addHandler(countInstructions);
    }

    List<String> output() {
        return output;
    }

    /** The command that took longest (an empty one when the script ran none). */
    Timing slowest() {
        return timings.stream()
                .max(java.util.Comparator.comparingLong(Timing::nanos))
                .orElse(new Timing("", 0, 0));
    }

    /** Every command's wall-clock time, in script order. */
    List<Timing> timings() {
        return timings;
    }

    /**
     * A command of the script ({@code ingress <canister> <method>} without the argument), how long it took, and the
     * instructions its executions counted (every message it caused, installs included).
     */
    record Timing(String command, long nanos, long instructions) {}

    /** Runs the script; returns normally also when the runner would have stopped early. */
    void run(List<String> script) {
        List<String[]> commands = new ArrayList<>();
        for (String line : script) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            if (parts[0].equals("create")) {
                continue;
            }
            if (parts.length != 4) {
                // test-runner rejects the whole script before running anything
                output.add("(test-runner: " + parts[0] + " command requires 3 arguments)");
                return;
            }
            commands.add(parts);
        }
        commands.stream()
                .filter(c -> !c[0].equals("ingress") && !c[0].equals("query"))
                .findFirst()
                .ifPresent(c -> create(Principal.fromString(c[1])));
        for (String[] command : commands) {
            commandInstructions.reset();
            long started = System.nanoTime();
            boolean goOn = execute(command);
            long elapsed = System.nanoTime() - started;
            timings.add(new Timing(command[0] + " " + command[2], elapsed, commandInstructions.sum()));
            if (!goOn) {
                return;
            }
        }
    }

    private void create(Principal id) {
        CallResult created = TestManagement.createCanister(
                ic,
                ANONYMOUS,
                IcInstance.MANAGEMENT_CANISTER,
                BigInteger.ZERO,
                Optional.of(TestManagement.settings("controllers", List.of(ANONYMOUS, id))),
                Optional.of(id));
        if (created instanceof CallResult.Reject reject) {
            output.add("(create failed: " + reject.errorCode() + ": " + reject.message() + ")");
            return;
        }
        ic.addCycles(id, BigInteger.TEN.pow(15));
        output.add("ingress Completed: Reply: " + CREATE_REPLY);
    }

    private boolean execute(String[] command) {
        Principal canister = Principal.fromString(command[1]);
        switch (command[0]) {
            case "install", "reinstall", "upgrade" -> {
                byte[] wasm = modules.apply(command[2]);
                output.add(ingressLine(installCode(command[0], canister, wasm, argument(command[3]))));
                return true;
            }
            case "query" -> {
                CallResult result = ic.query(ANONYMOUS, canister, command[2], argument(command[3]));
                output.add(
                        switch (result) {
                            case CallResult.Reply reply ->
                                "Ok: Reply: 0x" + HexFormat.of().formatHex(reply.data());
                            case CallResult.Reject reject -> "Err: " + reject.errorCode() + ": " + reject.message();
                        });
                return true;
            }
            case "ingress" -> {
                return ingress(canister, command[2], argument(command[3]));
            }
            default -> {
                output.add("(test-runner: unknown command " + command[0] + ")");
                return false;
            }
        }
    }

    private boolean ingress(Principal canister, String method, byte[] argument) {
        switch (method) {
            case "stop_canister", "start_canister" -> {
                Principal target =
                        Principal.from(java.util.Arrays.copyOfRange(argument, argument.length - 10, argument.length));
                TestManagement.management(ic, ANONYMOUS, method, target);
                output.add("ingress Completed: Reply: " + EMPTY_REPLY);
                return true;
            }
            case "__motoko_stabilize_before_upgrade" -> {
                MessageId id = ic.submitIngress(ANONYMOUS, canister, method, argument, canister);
                Optional<CallResult> refused = ic.ingressStatus(id);
                if (refused.isPresent() && refused.get() instanceof CallResult.Reject reject) {
                    // PocketIC's update_call logs the submission error before returning it
                    output.add("Failed to submit ingress message: UserError { code: "
                            + ErrorCodeName.of(reject.errorCode()) + ", description: \"" + reject.message() + "\" }");
                }
                output.add(ingressLine(ic.awaitIngress(id)));
                return true;
            }
            default -> {
                MessageId id = ic.submitIngress(ANONYMOUS, canister, method, argument, canister);
                Optional<CallResult> status = ic.ingressStatus(id);
                if (status.isPresent() && status.get() instanceof CallResult.Reject) {
                    return false; // test-runner: "Failed to submit call" ends the run
                }
                for (int poll = 0; status.isEmpty(); poll++) {
                    if (poll == MAX_POLLS) {
                        output.add("(ingress " + method + " did not complete after " + MAX_POLLS + " rounds)");
                        return false;
                    }
                    ic.tick();
                    ic.advanceTime(Duration.ofSeconds(1));
                    status = ic.ingressStatus(id);
                }
                output.add(ingressLine(status.get()));
                return true;
            }
        }
    }

    private CallResult installCode(String mode, Principal canister, byte[] wasm, byte[] arg) {
        VariantValue modeValue = mode.equals("upgrade")
                ? TestManagement.upgrade(
                        Optional.of(false), hasEnhancedPersistence(wasm) ? Optional.of("keep") : Optional.empty())
                : VariantValue.of(mode);
        return TestManagement.installCode(ic, ANONYMOUS, canister, modeValue, wasm, arg);
    }

    private static String ingressLine(CallResult result) {
        return switch (result) {
            case CallResult.Reply reply ->
                "ingress Completed: Reply: 0x" + HexFormat.of().formatHex(reply.data());
            case CallResult.Reject reject -> "ingress Err: " + reject.errorCode() + ": " + reject.message();
        };
    }

    /** The runner's argument syntax: {@code 0x…} hex, or a double-quoted string with \xNN, \bNNNNNNNN escapes. */
    static byte[] argument(String text) {
        if (text.startsWith("0x")) {
            return HexFormat.of().parseHex(text.substring(2));
        }
        if (!text.startsWith("\"")) {
            throw new IllegalArgumentException("Illegal hex character sequence " + text + ".");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                bytes.write(c);
                continue;
            }
            char escape = text.charAt(++i);
            switch (escape) {
                case 'x' -> {
                    bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'b' -> {
                    bytes.write(Integer.parseInt(text.substring(i + 1, i + 9), 2));
                    i += 8;
                }
                default -> bytes.write(escape);
            }
        }
        return bytes.toByteArray();
    }

    /** The toolkit's one rule (the engine's, the client's and the plugin's): an EOP section, private or public. */
    private static boolean hasEnhancedPersistence(byte[] wasm) {
        return EnhancedOrthogonalPersistence.isDeclaredBy(wasm);
    }

    @Override
    public void close() {
        canisterLog.removeHandler(capture);
        executionLog.removeHandler(countInstructions);
        ic.close();
    }
}
