package io.diode.pocketic.embedded.wasm;

import java.util.List;
import java.util.Map;

/**
 * Rebuilds a module's code section with each function body offered to a rewriting pass; a body the pass leaves
 * alone is copied byte for byte. Shared by the passes that change instructions (table64 lowering, dirty-page
 * tracking, metering, the stack limit) so that each of them only says how one body changes.
 */
final class CodeSectionRewriter {

    /**
     * Rewrites one function body; returns its new bytes (locals included), or {@code null} to keep it.
     * {@code index} counts the module's defined functions (imports not included), in code-section order.
     */
    @FunctionalInterface
    interface BodyRewrite {
        byte[] rewrite(int index, WasmModule.CodeBody body, int paramCount);
    }

    private CodeSectionRewriter() {}

    /** The contents of the new code section. */
    static byte[] rewrite(WasmModule module, int capacityHint, BodyRewrite rewrite) {
        byte[] bytes = module.rawBytes();
        List<WasmModule.CodeBody> bodies = module.codeBodies();
        BinaryWriter writer = new BinaryWriter(capacityHint);
        writer.writeU32(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            WasmModule.CodeBody body = bodies.get(i);
            int paramCount = module.types()
                    .get(module.functionTypeIndices().get(i))
                    .params()
                    .size();
            byte[] rewritten = rewrite.rewrite(i, body, paramCount);
            if (rewritten == null) {
                writer.writeU32(body.end() - body.start());
                writer.writeBytes(bytes, body.start(), body.end() - body.start());
            } else {
                writer.writeU32(rewritten.length);
                writer.writeBytes(rewritten);
            }
        }
        return writer.toByteArray();
    }

    /**
     * The module with {@code code} as its code section and the entries {@code appended} to its sections: how a pass
     * that adds helper functions (given last in {@code appended}'s code entry) finishes.
     */
    static byte[] replaceCodeAndAppend(WasmModule module, byte[] code, Map<Integer, byte[]> appended) {
        return StateAccessExports.appendToSections(WasmModule.parse(replaceCodeSection(module, code)), appended, false);
    }

    /** The body of a helper function {@code () -> t} returning global {@code global} of type t. */
    static byte[] globalGetterBody(int global) {
        return new BinaryWriter()
                .writeU32(0)
                .writeByte(WasmOpcodes.GLOBAL_GET)
                .writeU32(global)
                .writeByte(WasmOpcodes.END)
                .toByteArray();
    }

    /** The vector of function bodies, to append to a code section. */
    static byte[] bodies(List<byte[]> bodies) {
        BinaryWriter writer = new BinaryWriter().writeU32(bodies.size());
        for (byte[] body : bodies) {
            writer.writeU32(body.length).writeBytes(body);
        }
        return writer.toByteArray();
    }

    static byte[] replaceCodeSection(WasmModule module, byte[] code) {
        byte[] bytes = module.rawBytes();
        BinaryWriter out = new BinaryWriter(bytes.length + code.length);
        out.writeBytes(bytes, 0, 8);
        for (WasmModule.Section section : module.sections()) {
            if (section.id() == WasmModule.CODE_SECTION) {
                out.writeSection(section.id(), code);
            } else {
                out.writeBytes(bytes, section.start(), section.end() - section.start());
            }
        }
        return out.toByteArray();
    }
}
