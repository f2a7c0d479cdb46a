package io.diode.pocketic.embedded.wasm;

import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.I32;
import static io.diode.pocketic.embedded.wasm.TestModuleBuilder.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class WasmModuleTest {

    private static final byte[] COUNTER = MotokoCanisterIT.resource("/wasm/counter.wasm");

    @Test
    void parsesARealMotokoCanister() throws Exception {
        WasmModule module = WasmModule.parse(COUNTER);
        assertThat(module.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(COUNTER)));
        assertThat(module.usesMemory64()).isTrue();
        assertThat(module.usesTable64()).isTrue();
        assertThat(module.functionImports())
                .extracting(WasmImport::qualifiedName)
                .contains("ic0.msg_reply", "ic0.msg_arg_data_copy", "ic0.trap", "ic0.debug_print");
        assertThat(module.exportedFunctionNames())
                .contains("canister_init", "canister_update inc", "canister_query get");
        assertThat(module.exportedFunctionType("canister_update inc")).get().hasToString("() -> ()");
        assertThat(module.export("mem")).get().extracting(WasmExport::kind).isEqualTo(ExternalKind.MEMORY);
        String candid =
                new String(module.customSection("icp:private candid:service").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(candid).contains("inc", "greet");
        assertThat(module.customSections())
                .extracting(CustomSection::name)
                .contains("icp:private motoko:stable-types", "icp:private enhanced-orthogonal-persistence");
    }

    @Test
    void readsTheSignatureOfImportedFunctions() {
        WasmModule module = WasmModule.parse(COUNTER);
        WasmImport reply = module.functionImports().stream()
                .filter(i -> i.name().equals("msg_reply_data_append"))
                .findFirst()
                .orElseThrow();
        assertThat(reply.functionType().params()).containsExactly(ValueType.I64, ValueType.I64);
        assertThat(reply.functionType().results()).isEmpty();
    }

    @Test
    void bytesAreCopiedSoCallersCannotChangeTheModule() {
        byte[] mine = COUNTER.clone();
        WasmModule module = WasmModule.parse(mine);
        Arrays.fill(mine, (byte) 0);
        assertThat(module.bytes()).isEqualTo(COUNTER);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> WasmModule.parse(null))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("no WASM module");
    }

    @Test
    void rejectsEmptyAndTinyInput() {
        assertThatThrownBy(() -> WasmModule.parse(new byte[0]))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("not a WASM module");
        assertThatThrownBy(() -> WasmModule.parse(new byte[] {0, 'a', 's', 'm', 1}))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsTextWithTheBytesItFound() {
        assertThatThrownBy(() -> WasmModule.parse("(module)\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("not a WASM module")
                .hasMessageContaining("28 6D 6F 64");
    }

    @Test
    void recognisesGzipAndSaysToDecompress() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(COUNTER);
        }
        assertThatThrownBy(() -> WasmModule.parse(gz.toByteArray()))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("gzip")
                .hasMessageContaining("decompress");
    }

    @Test
    void rejectsOtherVersions() {
        assertThatThrownBy(() -> WasmModule.parse(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0}))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("version");
    }

    @Test
    void rejectsATruncatedModuleAtAnyLength() {
        for (int length : new int[] {9, 100, 1000, COUNTER.length / 2, COUNTER.length - 1}) {
            byte[] cut = Arrays.copyOf(COUNTER, length);
            assertThatThrownBy(() -> WasmModule.parse(cut))
                    .as("cut at " + length)
                    .isInstanceOf(InvalidWasmException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void rejectsUnknownSections() {
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0, 42, 0};
        assertThatThrownBy(() -> WasmModule.parse(module))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("unknown section id 42 at offset 8");
    }

    @Test
    void rejectsSectionsOutOfOrder() {
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0, 3, 1, 0, 1, 1, 0};
        assertThatThrownBy(() -> WasmModule.parse(module))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("out of order");
    }

    @Test
    void rejectsUnknownInstructionsByOffset() {
        TestModuleBuilder m = new TestModuleBuilder();
        int type = m.type(new int[] {}, new int[] {});
        m.function(type, code().op(0xFF, 0x0B).toArray());
        assertThatThrownBy(() -> WasmModule.parse(m.build()))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("unsupported instruction 0xFF");
    }

    @Test
    void rejectsAFunctionCountThatDoesNotMatchTheCode() {
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0};
        assertThatThrownBy(() -> WasmModule.parse(module))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("declares 1 functions but the code section has 0 bodies");
    }

    @Test
    void rejectsDuplicateExports() {
        TestModuleBuilder m = new TestModuleBuilder();
        int type = m.type(new int[] {}, new int[] {I32});
        int f = m.function(type, code().op(0x41, 1, 0x0B).toArray());
        m.exportFunction("same", f);
        m.exportFunction("same", f);
        assertThatThrownBy(() -> WasmModule.parse(m.build()))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("duplicate export name 'same'");
    }

    @Test
    void rejectsOverlongIntegers() {
        // a type count encoded in six LEB128 bytes
        byte[] module = {
            0, 'a', 's', 'm', 1, 0, 0, 0, 1, 6, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0
        };
        assertThatThrownBy(() -> WasmModule.parse(module))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void rejectsInvalidUtf8Names() {
        TestModuleBuilder m = new TestModuleBuilder();
        m.custom("ok", new byte[0]);
        byte[] module = m.build();
        module[module.length - 2] = (byte) 0xFF;
        assertThatThrownBy(() -> WasmModule.parse(module))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void aSectionLongerThanTheModuleIsTruncation() {
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 100, 0};
        assertThatThrownBy(() -> WasmModule.parse(module))
                .isInstanceOf(InvalidWasmException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining("declares 100 bytes");
    }
}
