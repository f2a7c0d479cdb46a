package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.wasm.FunctionType;
import io.diode.pocketic.embedded.wasm.ValueType;
import io.diode.pocketic.embedded.wasm.WasmModule;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds two functions to a canister module, exported for the engine only: {@value #CALLBACK} runs the table
 * entry a canister registered as a call's reply/reject/cleanup callback ({@code call_indirect} with the
 * callback's environment), and {@value #MEMORY_GROW} grows memory 0 (an upgrade that keeps main memory must
 * give the new instance the old memory's size). Host code cannot reach a table entry or {@code memory.grow}
 * otherwise. The module's start function becomes the export {@value #START} instead: on the IC, an upgrade
 * that keeps main memory runs the new module's start function over the OLD memory (Motoko's enhanced
 * orthogonal persistence depends on it), so the engine must put the memory in place before running it. The
 * module's own functions, indices and exports are unchanged: the new functions, type and exports are appended.
 */
final class EngineExports {

    static final String CALLBACK = "diode-engine:callback";
    static final String MEMORY_GROW = "diode-engine:memory_grow";
    static final String START = "diode-engine:start";

    private static final int TYPE = 1;
    private static final int FUNCTION = 3;
    private static final int EXPORT = 7;
    private static final int START_SECTION = 8;
    private static final int CODE = 10;
    /** Where each known section id sits in the binary's mandatory order (data count, 12, precedes code). */
    private static final List<Integer> ORDER = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11);

    private EngineExports() {
    }

    /** The module with the engine's exports added. */
    static byte[] add(WasmModule module) {
        byte[] bytes = module.bytes();
        List<Section> sections = sections(bytes);
        ValueType address = module.usesMemory64() ? ValueType.I64 : ValueType.I32;
        boolean hasTable = !module.tables().isEmpty();
        boolean hasMemory = !module.memories().isEmpty();
        if (!hasTable && !hasMemory && module.startFunction().isEmpty()) {
            return bytes;
        }
        List<FunctionType> types = new ArrayList<>(module.types());
        FunctionType callbackType = new FunctionType(List.of(address), List.of());
        FunctionType callerType = new FunctionType(List.of(address, address), List.of());
        FunctionType growType = new FunctionType(List.of(address), List.of(address));
        List<FunctionType> newTypes = new ArrayList<>();
        int callbackTypeIndex = typeIndex(types, newTypes, callbackType);
        int callerTypeIndex = typeIndex(types, newTypes, callerType);
        int growTypeIndex = typeIndex(types, newTypes, growType);

        int importedFunctions = module.functionImports().size();
        int definedFunctions = countOf(sections, FUNCTION, bytes);
        int nextFunction = importedFunctions + definedFunctions;

        ByteArrayOutputStream functionEntries = new ByteArrayOutputStream();
        ByteArrayOutputStream codeEntries = new ByteArrayOutputStream();
        ByteArrayOutputStream exportEntries = new ByteArrayOutputStream();
        int added = 0;
        if (hasTable) {
            boolean table64 = module.tables().get(0).limits().address64();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(0); // no locals
            body.writeBytes(new byte[] {0x20, 1, 0x20, 0}); // local.get env, local.get function
            if (table64 && address == ValueType.I32) {
                body.write(0xAD); // i64.extend_i32_u
            } else if (!table64 && address == ValueType.I64) {
                body.write(0xA7); // i32.wrap_i64
            }
            body.write(0x11); // call_indirect
            writeUnsigned(body, callbackTypeIndex);
            body.write(0); // table 0
            body.write(0x0B);
            appendFunction(functionEntries, codeEntries, exportEntries, callerTypeIndex, body.toByteArray(),
                    CALLBACK, nextFunction + added);
            added++;
        }
        if (hasMemory) {
            byte[] body = {0, 0x20, 0, 0x40, 0, 0x0B}; // local.get 0, memory.grow 0
            appendFunction(functionEntries, codeEntries, exportEntries, growTypeIndex, body, MEMORY_GROW,
                    nextFunction + added);
            added++;
        }
        int exportCount = added;
        if (module.startFunction().isPresent()) {
            byte[] nameBytes = START.getBytes(StandardCharsets.UTF_8);
            writeUnsigned(exportEntries, nameBytes.length);
            exportEntries.writeBytes(nameBytes);
            exportEntries.write(0);
            writeUnsigned(exportEntries, module.startFunction().getAsInt());
            exportCount++;
        }
        ByteArrayOutputStream typeEntries = new ByteArrayOutputStream();
        for (FunctionType type : newTypes) {
            writeType(typeEntries, type);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, 8);
        boolean[] done = new boolean[13];
        Appendix appendix = new Appendix(typeEntries.toByteArray(), newTypes.size(), functionEntries.toByteArray(),
                exportEntries.toByteArray(), codeEntries.toByteArray(), added, exportCount);
        for (Section section : sections) {
            if (section.id() != 0) {
                emitMissingBefore(out, section.id(), sections, done, appendix);
            }
            int id = section.id();
            if (id == START_SECTION) {
                continue; // replaced by the START export
            }
            if (id == TYPE || id == FUNCTION || id == EXPORT || id == CODE) {
                emitExtended(out, id, bytes, section, appendix);
                done[id] = true;
            } else {
                out.write(bytes, section.start(), section.end() - section.start());
            }
        }
        emitMissingBefore(out, Integer.MAX_VALUE, sections, done, appendix);
        return out.toByteArray();
    }

    private record Section(int id, int start, int contentStart, int end) {
    }

    private record Appendix(byte[] types, int typeCount, byte[] functions, byte[] exports, byte[] code,
                            int functionCount, int exportCount) {

        byte[] entries(int id) {
            return switch (id) {
                case TYPE -> types;
                case FUNCTION -> functions;
                case EXPORT -> exports;
                default -> code;
            };
        }

        int count(int id) {
            return switch (id) {
                case TYPE -> typeCount;
                case EXPORT -> exportCount;
                case FUNCTION, CODE -> functionCount;
                default -> 0;
            };
        }
    }

    private static int typeIndex(List<FunctionType> types, List<FunctionType> newTypes, FunctionType wanted) {
        int existing = types.indexOf(wanted);
        if (existing >= 0) {
            return existing;
        }
        types.add(wanted);
        newTypes.add(wanted);
        return types.size() - 1;
    }

    private static void appendFunction(ByteArrayOutputStream functions, ByteArrayOutputStream code,
                                       ByteArrayOutputStream exports, int typeIndex, byte[] body, String name,
                                       int functionIndex) {
        writeUnsigned(functions, typeIndex);
        writeUnsigned(code, body.length);
        code.writeBytes(body);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(exports, nameBytes.length);
        exports.writeBytes(nameBytes);
        exports.write(0);
        writeUnsigned(exports, functionIndex);
    }

    private static void writeType(ByteArrayOutputStream out, FunctionType type) {
        out.write(0x60);
        writeUnsigned(out, type.params().size());
        type.params().forEach(value -> out.write(value.code()));
        writeUnsigned(out, type.results().size());
        type.results().forEach(value -> out.write(value.code()));
    }

    /** Writes any of our four sections the module lacks, if {@code nextId} comes after it in the order. */
    private static void emitMissingBefore(ByteArrayOutputStream out, int nextId, List<Section> sections,
                                          boolean[] done, Appendix appendix) {
        for (int id : new int[] {TYPE, FUNCTION, EXPORT, CODE}) {
            boolean present = sections.stream().anyMatch(section -> section.id() == id);
            if (!present && !done[id] && appendix.count(id) > 0
                    && (nextId == Integer.MAX_VALUE || ORDER.indexOf(id) < ORDER.indexOf(nextId))) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                writeUnsigned(content, appendix.count(id));
                content.writeBytes(appendix.entries(id));
                out.write(id);
                writeUnsigned(out, content.size());
                out.writeBytes(content.toByteArray());
                done[id] = true;
            }
        }
    }

    private static void emitExtended(ByteArrayOutputStream out, int id, byte[] bytes, Section section,
                                     Appendix appendix) {
        int[] position = {section.contentStart()};
        long count = readUnsigned(bytes, position);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        writeUnsigned(content, count + appendix.count(id));
        content.write(bytes, position[0], section.end() - position[0]);
        content.writeBytes(appendix.entries(id));
        out.write(id);
        writeUnsigned(out, content.size());
        out.writeBytes(content.toByteArray());
    }

    private static int countOf(List<Section> sections, int id, byte[] bytes) {
        for (Section section : sections) {
            if (section.id() == id) {
                int[] position = {section.contentStart()};
                return (int) readUnsigned(bytes, position);
            }
        }
        return 0;
    }

    private static List<Section> sections(byte[] bytes) {
        List<Section> sections = new ArrayList<>();
        int[] position = {8};
        while (position[0] < bytes.length) {
            int start = position[0];
            int id = bytes[position[0]++] & 0xFF;
            long size = readUnsigned(bytes, position);
            int contentStart = position[0];
            int end = Math.toIntExact(contentStart + size);
            sections.add(new Section(id, start, contentStart, end));
            position[0] = end;
        }
        return sections;
    }

    private static long readUnsigned(byte[] bytes, int[] position) {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = bytes[position[0]++] & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return result;
            }
            shift += 7;
        }
    }

    private static void writeUnsigned(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }
}
