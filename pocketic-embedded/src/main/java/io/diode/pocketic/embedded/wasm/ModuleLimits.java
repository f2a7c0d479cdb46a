package io.diode.pocketic.embedded.wasm;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The replica's limits on the modules it installs ({@code rs/config/src/embedders.rs} and
 * {@code rs/embedders/src/wasm_utils/validation.rs}), checked in the replica's order and refused with its wording
 * (the {@code WasmValidationError} texts), so that a module too big for the IC fails here too, at install.
 */
public final class ModuleLimits {

    static final int MAX_CODE_SECTION_BYTES = 10 * 1024 * 1024;
    static final int MAX_EXPORTED_METHODS = 1000;
    static final int MAX_EXPORTED_METHOD_NAME_BYTES = 20_000;
    static final int MAX_GLOBALS = 1000;
    static final int MAX_FUNCTIONS = 50_000;
    static final int MAX_FUNCTION_INSTRUCTIONS = 1_000_000;
    static final long MAX_FUNCTION_COMPLEXITY = 1_000_000;
    static final int MAX_CUSTOM_SECTIONS = 16;
    static final int MAX_CUSTOM_SECTIONS_BYTES = 1024 * 1024;

    private static final String[] METHOD_PREFIXES = {"canister_update ", "canister_query ", "canister_composite_query "
    };
    private static final String METHODS =
            "`canister_update <name>`, `canister_query <name>`, or" + " `canister_composite_query <name>`";

    private ModuleLimits() {}

    /**
     * Checks {@code module} against the replica's limits.
     *
     * @throws InvalidWasmException with the replica's text for the first limit exceeded
     */
    public static void check(WasmModule module) {
        checkCodeSectionSize(module);
        checkExports(module);
        checkGlobals(module);
        checkFunctions(module);
        checkCode(module);
        checkCustomSections(module);
    }

    private static void checkCodeSectionSize(WasmModule module) {
        for (WasmModule.Section section : module.sections()) {
            int size = section.end() - section.contentStart();
            if (section.id() == WasmModule.CODE_SECTION && size > MAX_CODE_SECTION_BYTES) {
                throw new InvalidWasmException("Wasm module code section size of " + size
                        + " exceeds the maximum allowed size of " + MAX_CODE_SECTION_BYTES);
            }
        }
    }

    private static void checkExports(WasmModule module) {
        int methods = 0;
        long nameBytes = 0;
        for (WasmExport export : module.exports()) {
            if (export.kind() != ExternalKind.FUNCTION) {
                continue;
            }
            for (String prefix : METHOD_PREFIXES) {
                if (export.name().startsWith(prefix)) {
                    methods++;
                    nameBytes += export.name().substring(prefix.length()).getBytes(StandardCharsets.UTF_8).length;
                    break;
                }
            }
        }
        if (methods > MAX_EXPORTED_METHODS) {
            throw new InvalidWasmException("Wasm module has an invalid export section. The number of exported"
                    + " functions called " + METHODS + " exceeds " + MAX_EXPORTED_METHODS + ".");
        }
        if (nameBytes > MAX_EXPORTED_METHOD_NAME_BYTES) {
            throw new InvalidWasmException("Wasm module has an invalid export section. The sum of `<name>` lengths in"
                    + " exported functions called " + METHODS + " exceeds " + MAX_EXPORTED_METHOD_NAME_BYTES + ".");
        }
    }

    private static void checkGlobals(WasmModule module) {
        int defined = module.globals().size();
        if (defined > MAX_GLOBALS) {
            throw new InvalidWasmException("Wasm module defined " + defined
                    + " globals which exceeds the maximum number allowed " + MAX_GLOBALS + ".");
        }
    }

    private static void checkFunctions(WasmModule module) {
        int defined = module.codeBodies().size();
        if (defined > MAX_FUNCTIONS) {
            throw new InvalidWasmException("Wasm module defined " + defined
                    + " functions which exceeds the maximum number allowed " + MAX_FUNCTIONS + ".");
        }
    }

    private static void checkCode(WasmModule module) {
        int index = 0;
        for (WasmModule.CodeBody body : module.codeBodies()) {
            BinaryReader reader = new BinaryReader(module.bytes(), body.start(), body.end());
            FunctionLocals.read(reader);
            int instructions = 0;
            long complexity = 0;
            while (!reader.atEnd()) {
                complexity += complexity(InstructionDecoder.next(reader));
                instructions++;
            }
            if (complexity > MAX_FUNCTION_COMPLEXITY) {
                throw new InvalidWasmException("Wasm module contains a function at index " + index
                        + " with complexity " + complexity + " which exceeds the maximum complexity allowed "
                        + MAX_FUNCTION_COMPLEXITY);
            }
            if (instructions > MAX_FUNCTION_INSTRUCTIONS) {
                throw new InvalidWasmException("Wasm module contains a function at index " + index + " of size "
                        + instructions + " that exceeds the maximum allowed size of " + MAX_FUNCTION_INSTRUCTIONS);
            }
            index++;
        }
    }

    /** The replica's weight of one instruction in a function's complexity ({@code wasm_function_complexity}). */
    static int complexity(int opcode) {
        if (opcode > 0xFF) {
            int prefix = opcode >>> 16;
            int sub = opcode & 0xFFFF;
            if (prefix != 0xFC) {
                return 1;
            }
            return switch (sub) {
                case 15 -> 50; // table.grow
                case 17 -> 5; // table.fill
                case 10, 12, 14 -> 4; // memory.copy, table.init, table.copy
                case 0, 1, 2, 3, 4, 5, 6, 7, 11 -> 3; // saturating truncations, memory.fill
                default -> 1;
            };
        }
        return switch (opcode) {
            case 0x02, 0x03, 0x04, 0x0C, 0x0D, 0x0E, 0x10, 0x11, 0x40 -> 50; // blocks, branches, calls, memory.grow
            case 0x25 -> 14; // table.get
            case 0xD2 -> 8; // ref.func
            case 0x26 -> 7; // table.set
            case 0xD1 -> 6; // ref.is_null
            case 0xA8,
                    0xA9,
                    0xAA,
                    0xAB,
                    0xAC,
                    0xAD,
                    0xAE,
                    0xAF,
                    0xB0,
                    0xB1,
                    0xB2,
                    0xB3,
                    0xB4,
                    0xB5,
                    0xB6,
                    0xB7,
                    0xB8,
                    0xB9,
                    0xBA -> 5; // truncations, extensions, conversions
            case 0x8B, 0x8C, 0x99, 0x9A -> 4; // f32/f64 abs and neg
            case 0x98, 0xA6, 0x61, 0x6D, 0x6E, 0x6F, 0x70, 0x7F, 0x80, 0x81, 0x82 -> 3; // copysign, f64.eq, div, rem
            case 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35 -> 3; // loads
            case 0x23, 0x69, 0x7B, 0x1B, 0x3F -> 2; // global.get, popcnt, select, memory.size
            case 0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E -> 2; // stores
            case 0x8D, 0x8E, 0x8F, 0x91, 0x9B, 0x9C, 0x9D, 0x9F -> 2; // ceil, floor, trunc, sqrt
            case 0xA7, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xC4 -> 2; // wrap, promote, reinterpret,
            // sign extension
            default -> opcode >= 0x45 && opcode <= 0x66 ? 2 : 1; // comparisons (f64.eq above)
        };
    }

    private static void checkCustomSections(WasmModule module) {
        Set<String> names = new HashSet<>();
        long totalBytes = 0;
        for (CustomSection section : module.customSections()) {
            String fullName = section.name();
            if (!fullName.startsWith("icp:")) {
                continue;
            }
            String name;
            if (fullName.startsWith("icp:public ")) {
                name = fullName.substring("icp:public ".length());
            } else if (fullName.startsWith("icp:private ")) {
                name = fullName.substring("icp:private ".length());
            } else if (fullName.equals("icp:public") || fullName.equals("icp:private")) {
                throw new InvalidWasmException("Wasm module has an invalid custom section. 'icp:' section names must"
                        + " have a space after the public/private scope");
            } else {
                throw new InvalidWasmException("Wasm module has an invalid custom section. Invalid custom section:"
                        + " Custom section '" + fullName + "' has no public/private scope defined.");
            }
            if (!names.add(name)) {
                throw new InvalidWasmException("Wasm module has an invalid custom section. Invalid custom section:"
                        + " name " + name + " already exists");
            }
            totalBytes += section.content().length + name.getBytes(StandardCharsets.UTF_8).length;
            if (totalBytes > MAX_CUSTOM_SECTIONS_BYTES) {
                throw new InvalidWasmException("Wasm module has an invalid custom section. Invalid custom sections:"
                        + " total size of the custom sections exceeds the maximum allowed: size " + totalBytes
                        + " bytes, allowed " + MAX_CUSTOM_SECTIONS_BYTES + " bytes");
            }
            if (names.size() > MAX_CUSTOM_SECTIONS) {
                throw new InvalidWasmException("Wasm module defined " + names.size() + " custom sections which"
                        + " exceeds the maximum number allowed " + MAX_CUSTOM_SECTIONS + ".");
            }
        }
    }
}
