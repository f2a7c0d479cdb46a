package io.diode.pocketic.embedded.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal stand-in for the IC system API ({@code ic0.*}), enough to run a moc-compiled canister's init, update
 * and query methods in the WASM layer's tests. The engine owns the real one.
 */
final class TestSystemApi {

    /** What {@code ic0.trap} throws: the canister's own abort. */
    static final class CanisterTrapped extends RuntimeException {
        CanisterTrapped(String message) {
            super(message);
        }
    }

    byte[] argument = candidEmpty();
    final ByteArrayOutputStream reply = new ByteArrayOutputStream();
    boolean replied;
    String rejected;
    final List<String> debugPrints = new ArrayList<>();
    byte[] stableMemory = new byte[0];
    long time = 1_700_000_000_000_000_000L;
    int hostCalls;

    HostImports imports(WasmModule module) {
        HostImports.Builder builder = HostImports.builder();
        for (WasmImport imported : module.functionImports()) {
            builder.function(imported.module(), imported.name(), (instance, args) -> {
                hostCalls++;
                return call(imported.name(), instance, args);
            });
        }
        return builder.build();
    }

    /** Prepares a new message with this Candid argument. */
    void newMessage(byte[] candidArgument) {
        argument = candidArgument;
        reply.reset();
        replied = false;
        rejected = null;
    }

    private long call(String name, WasmInstance instance, long[] args) {
        LinearMemory memory = instance.memory();
        switch (name) {
            case "msg_arg_data_size" -> {
                return argument.length;
            }
            case "msg_arg_data_copy" -> {
                memory.write(args[0], argument, (int) args[1], (int) args[2]);
                return 0;
            }
            case "msg_caller_size" -> {
                return 1;
            }
            case "msg_caller_copy" -> {
                memory.write(args[0], new byte[] {4}, (int) args[1], (int) args[2]);
                return 0;
            }
            case "msg_reply_data_append" -> {
                reply.writeBytes(memory.read(args[0], (int) args[1]));
                return 0;
            }
            case "msg_reply" -> {
                replied = true;
                return 0;
            }
            case "msg_reject" -> {
                rejected = new String(memory.read(args[0], (int) args[1]), StandardCharsets.UTF_8);
                return 0;
            }
            case "debug_print" -> {
                debugPrints.add(new String(memory.read(args[0], (int) args[1]), StandardCharsets.UTF_8));
                return 0;
            }
            case "trap" ->
                throw new CanisterTrapped(new String(memory.read(args[0], (int) args[1]), StandardCharsets.UTF_8));
            case "time" -> {
                return time;
            }
            case "canister_cycle_balance128", "msg_cycles_refunded128" -> {
                memory.write(args[0], new byte[16]);
                return 0;
            }
            case "canister_self_size" -> {
                return 10;
            }
            case "canister_self_copy" -> {
                memory.write(args[0], new byte[10], (int) args[1], (int) args[2]);
                return 0;
            }
            case "stable64_size" -> {
                return stableMemory.length / 65_536;
            }
            case "stable64_grow" -> {
                long old = stableMemory.length / 65_536;
                stableMemory = Arrays.copyOf(stableMemory, (int) ((old + args[0]) * 65_536));
                return old;
            }
            case "stable64_write" -> {
                memory.read(args[1], stableMemory, (int) args[0], (int) args[2]);
                return 0;
            }
            case "stable64_read" -> {
                memory.write(args[0], stableMemory, (int) args[1], (int) args[2]);
                return 0;
            }
            case "performance_counter", "global_timer_set", "is_controller" -> {
                return 0;
            }
            case "canister_status" -> {
                return 1;
            }
            default ->
                throw new UnsupportedOperationException(
                        "ic0." + name + " is not implemented by the test" + " system API");
        }
    }

    /** The Candid value {@code ()}. */
    static byte[] candidEmpty() {
        return new byte[] {'D', 'I', 'D', 'L', 0, 0};
    }

    /** The Candid value {@code (n : nat)}. */
    static byte[] candidNat(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'D', 'I', 'D', 'L', 0, 1, 0x7D});
        writeLeb(out, n);
        return out.toByteArray();
    }

    /** The Candid value {@code (n : int)}. */
    static byte[] candidInts(long... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'D', 'I', 'D', 'L', 0, (byte) values.length});
        for (int i = 0; i < values.length; i++) {
            out.write(0x7C);
        }
        for (long value : values) {
            boolean more = true;
            while (more) {
                int b = (int) (value & 0x7F);
                value >>= 7;
                if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0)) {
                    more = false;
                } else {
                    b |= 0x80;
                }
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** The Candid value {@code (t : text)}. */
    static byte[] candidText(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'D', 'I', 'D', 'L', 0, 1, 0x71});
        writeLeb(out, utf8.length);
        out.writeBytes(utf8);
        return out.toByteArray();
    }

    /** Decodes a reply of a single nat. */
    static long decodeNat(byte[] candid) {
        if (candid.length < 8 || candid[6] != 0x7D) {
            throw new AssertionError("not a single-nat Candid reply: " + Arrays.toString(candid));
        }
        long result = 0;
        int shift = 0;
        for (int i = 7; i < candid.length; i++) {
            result |= (long) (candid[i] & 0x7F) << shift;
            shift += 7;
            if ((candid[i] & 0x80) == 0) {
                break;
            }
        }
        return result;
    }

    /** Decodes a reply of a single text. */
    static String decodeText(byte[] candid) {
        if (candid.length < 8 || candid[6] != 0x71) {
            throw new AssertionError("not a single-text Candid reply: " + Arrays.toString(candid));
        }
        int length = 0;
        int shift = 0;
        int i = 7;
        while (true) {
            length |= (candid[i] & 0x7F) << shift;
            shift += 7;
            if ((candid[i++] & 0x80) == 0) {
                break;
            }
        }
        return new String(candid, i, length, StandardCharsets.UTF_8);
    }

    private static void writeLeb(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            if (value != 0) {
                b |= 0x80;
            }
            out.write(b);
        } while (value != 0);
    }
}
