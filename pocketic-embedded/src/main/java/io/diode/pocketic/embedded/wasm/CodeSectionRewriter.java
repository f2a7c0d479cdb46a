package io.diode.pocketic.embedded.wasm;

import java.util.List;

/**
 * Rebuilds a module's code section with each function body offered to a rewriting pass; a body the pass leaves
 * alone is copied byte for byte. Shared by the passes that change instructions (table64 lowering, dirty-page
 * tracking) so that each of them only says how one body changes.
 */
final class CodeSectionRewriter {

    /** Rewrites one function body; returns its new bytes (locals included), or {@code null} to keep it. */
    @FunctionalInterface
    interface BodyRewrite {
        byte[] rewrite(WasmModule.CodeBody body, int paramCount);
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
            byte[] rewritten = rewrite.rewrite(body, paramCount);
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
