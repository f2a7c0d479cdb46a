package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.I32;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.I64;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.wasm.TestModuleBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ic4j.types.Principal;

/**
 * A hand-written canister module (no compiler needed) that touches every part of the execution state, for tests of
 * installation and rollback. Main memory layout: bytes 0..4 the module's marker (written by {@code canister_init} and
 * {@code canister_post_upgrade}), 4..8 a copy of the mutable global, 16..48 the last update's argument.
 * <ul>
 * <li>{@code canister_init}, {@code canister_post_upgrade}: trap when the argument is exactly one byte long;
 * otherwise write the marker.</li>
 * <li>{@code canister_pre_upgrade}: adds 100 to the global and grows stable memory by a page.</li>
 * <li>{@code canister_update write}: copies its argument to memory, increments the global, sets certified data to the
 * argument, sets the global timer, prints the argument, grows stable memory by a page and writes the argument there,
 * burns {@value #BURNED} cycles; then traps if the argument starts with {@code 't'}, else replies.</li>
 * <li>{@code canister_query read}: replies with memory bytes 0..48.</li>
 * </ul>
 */
final class ProbeCanister {

    static final long BURNED = 5_000_000_000_000L;
    /** An init or post_upgrade argument that makes the hook trap. */
    static final byte[] TRAPPING_HOOK_ARGUMENT = {1};

    private ProbeCanister() {}

    /** The module, with {@code marker} as what its hooks write to memory bytes 0..4. */
    static byte[] module(int marker) {
        TestModuleBuilder m = new TestModuleBuilder();
        int unit = m.type(new int[0], new int[0]);
        int size = m.type(new int[0], new int[] {I32});
        int pair = m.type(new int[] {I32, I32}, new int[0]);
        int triple = m.type(new int[] {I32, I32, I32}, new int[0]);
        int i64ToI64 = m.type(new int[] {I64}, new int[] {I64});
        int burn = m.type(new int[] {I64, I64, I32}, new int[0]);
        int stableWrite = m.type(new int[] {I64, I64, I64}, new int[0]);
        int msgReply = m.importFunction("ic0", "msg_reply", unit);
        int replyAppend = m.importFunction("ic0", "msg_reply_data_append", pair);
        int argSize = m.importFunction("ic0", "msg_arg_data_size", size);
        int argCopy = m.importFunction("ic0", "msg_arg_data_copy", triple);
        int trap = m.importFunction("ic0", "trap", pair);
        int certify = m.importFunction("ic0", "certified_data_set", pair);
        int timer = m.importFunction("ic0", "global_timer_set", i64ToI64);
        int print = m.importFunction("ic0", "debug_print", pair);
        int cyclesBurn = m.importFunction("ic0", "cycles_burn128", burn);
        int stableGrow = m.importFunction("ic0", "stable64_grow", i64ToI64);
        int stableWrite64 = m.importFunction("ic0", "stable64_write", stableWrite);
        m.memory(0, 1, 0);
        m.global(I32, true, TestModuleBuilder.code().u8(0x41).s64(0).toArray());

        byte[] hook = TestModuleBuilder.code()
                .u8(0x10)
                .u32(argSize)
                .u8(0x41)
                .s64(1)
                .u8(0x46) // arg size == 1
                .u8(0x04)
                .u8(0x40)
                .u8(0x41)
                .s64(0)
                .u8(0x41)
                .s64(0)
                .u8(0x10)
                .u32(trap)
                .u8(0x0B)
                .u8(0x41)
                .s64(0)
                .u8(0x41)
                .s64(marker)
                .op(0x36, 0x02, 0x00) // memory[0] = marker
                .u8(0x0B)
                .toArray();
        int init = m.function(unit, hook);
        int postUpgrade = m.function(unit, hook);
        byte[] beforeUpgrade = TestModuleBuilder.code()
                .u8(0x23)
                .u32(0)
                .u8(0x41)
                .s64(100)
                .u8(0x6A)
                .u8(0x24)
                .u32(0) // global0 += 100
                .u8(0x42)
                .s64(1)
                .u8(0x10)
                .u32(stableGrow)
                .u8(0x1A) // one more stable page
                .u8(0x0B)
                .toArray();
        int preUpgrade = m.function(unit, beforeUpgrade);

        byte[] write = TestModuleBuilder.code()
                .u8(0x10)
                .u32(argSize)
                .u8(0x21)
                .u32(0) // local0 = arg size
                .u8(0x41)
                .s64(16)
                .u8(0x41)
                .s64(0)
                .u8(0x20)
                .u32(0)
                .u8(0x10)
                .u32(argCopy)
                .u8(0x23)
                .u32(0)
                .u8(0x41)
                .s64(1)
                .u8(0x6A)
                .u8(0x24)
                .u32(0) // global0 += 1
                .u8(0x41)
                .s64(16)
                .u8(0x20)
                .u32(0)
                .u8(0x10)
                .u32(certify)
                .u8(0x42)
                .s64(1_000)
                .u8(0x10)
                .u32(timer)
                .u8(0x1A)
                .u8(0x41)
                .s64(16)
                .u8(0x20)
                .u32(0)
                .u8(0x10)
                .u32(print)
                .u8(0x42)
                .s64(1)
                .u8(0x10)
                .u32(stableGrow)
                .u8(0x1A)
                .u8(0x42)
                .s64(0)
                .u8(0x42)
                .s64(16)
                .u8(0x20)
                .u32(0)
                .u8(0xAD)
                .u8(0x10)
                .u32(stableWrite64)
                .u8(0x42)
                .s64(0)
                .u8(0x42)
                .s64(BURNED)
                .u8(0x41)
                .s64(200)
                .u8(0x10)
                .u32(cyclesBurn)
                .u8(0x41)
                .s64(16)
                .op(0x2D, 0x00, 0x00)
                .u8(0x41)
                .s64('t')
                .u8(0x46) // arg[0] == 't'
                .u8(0x04)
                .u8(0x40)
                .u8(0x41)
                .s64(0)
                .u8(0x41)
                .s64(0)
                .u8(0x10)
                .u32(trap)
                .u8(0x0B)
                .u8(0x10)
                .u32(msgReply)
                .u8(0x0B)
                .toArray();
        int update = m.function(unit, new byte[] {1, 1, (byte) I32}, write);

        byte[] read = TestModuleBuilder.code()
                .u8(0x41)
                .s64(4)
                .u8(0x23)
                .u32(0)
                .op(0x36, 0x02, 0x00) // memory[4] = global0
                .u8(0x41)
                .s64(0)
                .u8(0x41)
                .s64(48)
                .u8(0x10)
                .u32(replyAppend)
                .u8(0x10)
                .u32(msgReply)
                .u8(0x0B)
                .toArray();
        int query = m.function(unit, read);

        m.exportFunction("canister_init", init);
        m.exportFunction("canister_pre_upgrade", preUpgrade);
        m.exportFunction("canister_post_upgrade", postUpgrade);
        m.exportFunction("canister_update write", update);
        m.exportFunction("canister_query read", query);
        m.exportMemory("memory", 0);
        return m.build();
    }

    /** What {@code read} returns: the marker, the global, the last argument (zero-padded to 32 bytes). */
    record State(int marker, int global, byte[] lastArgument) {}

    static State read(IcInstance ic, Principal canister) {
        byte[] memory = TestIc.reply(ic.query(TestIc.USER, canister, "read", new byte[0]));
        ByteBuffer buffer = ByteBuffer.wrap(memory).order(ByteOrder.LITTLE_ENDIAN);
        return new State(buffer.getInt(0), buffer.getInt(4), Arrays.copyOfRange(memory, 16, 48));
    }

    static CallResult write(IcInstance ic, Principal canister, String argument) {
        return ic.awaitIngress(ic.submitIngress(
                TestIc.USER,
                canister,
                "write",
                argument.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                canister));
    }

    /** {@code text} as {@code read} shows a stored argument: its bytes, zero-padded to 32. */
    static byte[] padded(String text) {
        return Arrays.copyOf(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32);
    }
}
