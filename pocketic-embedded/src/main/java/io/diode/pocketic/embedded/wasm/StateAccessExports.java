package io.diode.pocketic.embedded.wasm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Adds exports through which the host can save and restore an instance's state, because the IC rolls back every
 * effect of a trapping message and polyglot code cannot reach what a module does not export: one function returning
 * every mutable global the module defines and one setting them all, an export of memory 0 if the module does not
 * export it, and a {@code memory.grow} function (to recreate a memory's size in a fresh instance). The start function, if any, is
 * no longer run by instantiation but exported, for the host to call once the instance is bound: moc's start
 * function calls system API functions, which need the instance's memory, and GraalWasm hands out the instance (and
 * so its memory) only after the start function returns. Finally a {@code call_indirect} dispatcher: the host cannot
 * call a table entry otherwise (the IC's reply, reject and cleanup callbacks are table entries taking one address).
 * The module's own code and exports are otherwise unchanged;
 * the added exports carry the {@code diode:} prefix, which no canister export uses.
 */
final class StateAccessExports {

    static final String PREFIX = "diode:";
    static final String MEMORY_EXPORT = PREFIX + "memory";
    static final String MEMORY_GROW_EXPORT = PREFIX + "memory.grow";
    static final String START_EXPORT = PREFIX + "start";
    static final String TABLE_CALL_EXPORT = PREFIX + "table.call";

    static final String GLOBALS_GET_EXPORT = PREFIX + "globals.get";
    static final String GLOBALS_SET_EXPORT = PREFIX + "globals.set";
    static final String GLOBALS_COMMIT_EXPORT = PREFIX + "globals.commit";

    /** A mutable global the host saves and restores, in the order of the getter's results and setter's params. */
    record MutableGlobal(int index, ValueType type) {}

    /**
     * The instrumented binary and what was added.
     *
     * @param memoryExport the export name of memory 0, or null if the module has no memory
     * @param memoryGrowExport the added grow function, or null if the module has no memory
     * @param unsupportedGlobals mutable globals whose type the host cannot carry (v128, references)
     * @param startExport the export of the former start function, or null if the module has none
     * @param tableCallExport the added {@code (i32 index, address argument) -> ()} function calling entry
     *        {@code index} of table 0 as a {@code [address] -> []} function, or null if the module has no funcref
     *        table 0
     * @param globalsCommitExport on modules with dirty-page tracking, the added {@code (i32 entries) -> ()} function
     *        storing every mutable global at {@link DirtyPageTracking#GLOBALS_OFFSET} of the map's memory (as i64:
     *        i32 and f32 bits zero-extended) and then clearing the map's first {@code entries}; else null
     */
    record Result(
            byte[] bytes,
            List<MutableGlobal> globals,
            String memoryExport,
            String memoryGrowExport,
            List<Integer> unsupportedGlobals,
            String startExport,
            String tableCallExport,
            String globalsCommitExport) {}

    private StateAccessExports() {}

    /** Refuses a module that exports one of the names a pass is about to add. */
    static void requireUnreserved(WasmModule module, List<String> names) {
        for (String name : names) {
            if (module.export(name).isPresent()) {
                throw new InvalidWasmException("the module already exports '" + name + "', a name this runtime"
                        + " reserves for its own state access");
            }
        }
    }

    static Result add(byte[] wasm) {
        WasmModule module = WasmModule.parse(wasm);
        byte[] bytes = module.rawBytes();

        List<FunctionType> newTypes = new ArrayList<>();
        List<Integer> newFunctionTypes = new ArrayList<>();
        List<byte[]> newBodies = new ArrayList<>();
        Map<String, int[]> newExports = new LinkedHashMap<>();
        int nextFunction =
                module.importedFunctionCount() + module.functionTypeIndices().size();
        int typeBase = module.types().size();

        List<MutableGlobal> mutableGlobals = new ArrayList<>();
        List<Integer> unsupported = new ArrayList<>();
        int globalBase = module.importedGlobalCount();
        // the instruction counter is the host's to set before each call: no snapshot saves or restores it
        // nor do they save the logical memory size: it follows the memory, which restore puts back itself
        List<Integer> hostGlobals = new ArrayList<>();
        for (String name : List.of(
                InstructionMetering.COUNTER_EXPORT,
                LogicalMemorySize.SIZE_GLOBAL_EXPORT,
                LogicalMemorySize.CHECKED_GLOBAL_EXPORT)) {
            module.export(name).filter(e -> e.kind() == ExternalKind.GLOBAL).ifPresent(e -> hostGlobals.add(e.index()));
        }
        for (int i = 0; i < module.globals().size(); i++) {
            GlobalType global = module.globals().get(i);
            int index = globalBase + i;
            if (!global.mutable() || hostGlobals.contains(index)) {
                continue;
            }
            ValueType type = global.valueType();
            if (type == ValueType.V128 || type.isReference()) {
                unsupported.add(index);
            } else {
                mutableGlobals.add(new MutableGlobal(index, type));
            }
        }
        if (!mutableGlobals.isEmpty()) {
            // one multi-value getter and one setter for all of them: a polyglot call costs microseconds, and moc
            // modules have dozens of mutable globals
            List<ValueType> types =
                    mutableGlobals.stream().map(MutableGlobal::type).toList();
            BinaryWriter getter = new BinaryWriter().writeByte(0);
            BinaryWriter setter = new BinaryWriter().writeByte(0);
            for (int i = 0; i < mutableGlobals.size(); i++) {
                getter.writeByte(0x23).writeU32(mutableGlobals.get(i).index());
                setter.writeByte(0x20)
                        .writeU32(i)
                        .writeByte(0x24)
                        .writeU32(mutableGlobals.get(i).index());
            }
            newTypes.add(new FunctionType(List.of(), types));
            newFunctionTypes.add(typeBase + newTypes.size() - 1);
            newBodies.add(getter.writeByte(0x0B).toByteArray());
            newExports.put(GLOBALS_GET_EXPORT, new int[] {0x00, nextFunction++});
            newTypes.add(new FunctionType(types, List.of()));
            newFunctionTypes.add(typeBase + newTypes.size() - 1);
            newBodies.add(setter.writeByte(0x0B).toByteArray());
            newExports.put(GLOBALS_SET_EXPORT, new int[] {0x00, nextFunction++});
        }
        String globalsCommitExport = null;
        Optional<WasmExport> clearMap = module.export(DirtyPageTracking.CLEAR_EXPORT);
        if (!mutableGlobals.isEmpty()
                && clearMap.isPresent()
                && mutableGlobals.size() <= DirtyPageTracking.GLOBALS_CAPACITY) {
            // a snapshot then makes one polyglot call and one buffer read instead of the getter's call, one interop
            // read per global (moc has 36) and the map's clear call
            BinaryWriter commit = new BinaryWriter().writeByte(0);
            for (int i = 0; i < mutableGlobals.size(); i++) {
                MutableGlobal global = mutableGlobals.get(i);
                commit.writeByte(0x41).writeS32(DirtyPageTracking.GLOBALS_OFFSET + 8 * i);
                commit.writeByte(0x23).writeU32(global.index());
                switch (global.type()) {
                    case I32 -> commit.writeByte(0xAD);
                    case F32 -> commit.writeByte(0xBC).writeByte(0xAD);
                    case F64 -> commit.writeByte(0xBD);
                    default -> {}
                }
                // i64.store into memory 1: alignment flags with bit 6 set announce the memory index
                commit.writeByte(0x37).writeU32(0x40 | 3).writeU32(1).writeU64(0);
            }
            commit.writeByte(0x20)
                    .writeU32(0)
                    .writeByte(0x10)
                    .writeU32(clearMap.get().index());
            newTypes.add(new FunctionType(List.of(ValueType.I32), List.of()));
            newFunctionTypes.add(typeBase + newTypes.size() - 1);
            newBodies.add(commit.writeByte(0x0B).toByteArray());
            globalsCommitExport = GLOBALS_COMMIT_EXPORT;
            newExports.put(GLOBALS_COMMIT_EXPORT, new int[] {0x00, nextFunction++});
        }

        String memoryExport = null;
        String memoryGrowExport = null;
        Limits memory = firstMemory(module);
        if (memory != null) {
            memoryExport = module.exports().stream()
                    .filter(e -> e.kind() == ExternalKind.MEMORY && e.index() == 0)
                    .map(WasmExport::name)
                    .findFirst()
                    .orElse(null);
            if (memoryExport == null) {
                memoryExport = MEMORY_EXPORT;
                newExports.put(MEMORY_EXPORT, new int[] {0x02, 0});
            }
            memoryGrowExport = MEMORY_GROW_EXPORT;
            // with a logical memory size, its pass has exported the grow function that moves it
            if (module.export(MEMORY_GROW_EXPORT).isEmpty()) {
                ValueType address = memory.address64() ? ValueType.I64 : ValueType.I32;
                newTypes.add(new FunctionType(List.of(address), List.of(address)));
                newFunctionTypes.add(typeBase + newTypes.size() - 1);
                newBodies.add(new BinaryWriter()
                        .writeByte(0)
                        .writeByte(0x20)
                        .writeU32(0)
                        .writeByte(0x40)
                        .writeByte(0)
                        .writeByte(0x0B)
                        .toByteArray());
                newExports.put(MEMORY_GROW_EXPORT, new int[] {0x00, nextFunction++});
            }
        }
        String tableCallExport = null;
        if (!module.tableTypes().isEmpty() && module.tableTypes().get(0).elementType() == ValueType.FUNCREF) {
            // runs after Table64Lowering, so table indices are i32 here; the argument is an address of memory 0
            ValueType address = memory != null && memory.address64() ? ValueType.I64 : ValueType.I32;
            newTypes.add(new FunctionType(List.of(address), List.of()));
            int calleeType = typeBase + newTypes.size() - 1;
            newTypes.add(new FunctionType(List.of(ValueType.I32, address), List.of()));
            newFunctionTypes.add(typeBase + newTypes.size() - 1);
            // local.get argument, local.get index, call_indirect (type calleeType) (table 0)
            newBodies.add(new BinaryWriter()
                    .writeByte(0)
                    .writeByte(0x20)
                    .writeU32(1)
                    .writeByte(0x20)
                    .writeU32(0)
                    .writeByte(0x11)
                    .writeU32(calleeType)
                    .writeByte(0)
                    .writeByte(0x0B)
                    .toByteArray());
            tableCallExport = TABLE_CALL_EXPORT;
            newExports.put(TABLE_CALL_EXPORT, new int[] {0x00, nextFunction++});
        }
        String startExport = null;
        if (module.startFunction().isPresent()) {
            startExport = START_EXPORT;
            newExports.put(START_EXPORT, new int[] {0x00, module.startFunction().getAsInt()});
        }
        for (String name : newExports.keySet()) {
            if (module.export(name).isPresent()) {
                throw new InvalidWasmException("the module already exports '" + name + "', a name this runtime"
                        + " reserves for its own state access");
            }
        }
        if (newExports.isEmpty()) {
            return new Result(
                    bytes.clone(),
                    List.of(),
                    memoryExport,
                    memoryGrowExport,
                    List.copyOf(unsupported),
                    null,
                    null,
                    null);
        }

        Map<Integer, byte[]> appended = new LinkedHashMap<>();
        appended.put(WasmModule.TYPE_SECTION, entries(newTypes.size(), w -> newTypes.forEach(t -> writeType(w, t))));
        appended.put(
                WasmModule.FUNCTION_SECTION,
                entries(newFunctionTypes.size(), w -> newFunctionTypes.forEach(w::writeU32)));
        appended.put(
                WasmModule.EXPORT_SECTION,
                entries(
                        newExports.size(),
                        w -> newExports.forEach((name, ref) -> {
                            w.writeName(name).writeByte(ref[0]).writeU32(ref[1]);
                        })));
        appended.put(
                WasmModule.CODE_SECTION,
                entries(
                        newBodies.size(),
                        w -> newBodies.forEach(b -> {
                            w.writeU32(b.length).writeBytes(b);
                        })));
        return new Result(
                appendToSections(module, appended, true),
                List.copyOf(mutableGlobals),
                memoryExport,
                memoryGrowExport,
                List.copyOf(unsupported),
                startExport,
                tableCallExport,
                globalsCommitExport);
    }

    private static Limits firstMemory(WasmModule module) {
        for (WasmImport imported : module.imports()) {
            if (imported.kind() == ExternalKind.MEMORY) {
                return imported.memoryLimits();
            }
        }
        return module.memories().isEmpty() ? null : module.memories().get(0);
    }

    private static byte[] entries(int count, Consumer<BinaryWriter> writeEntries) {
        BinaryWriter writer = new BinaryWriter();
        writer.writeU32(count);
        writeEntries.accept(writer);
        return writer.toByteArray();
    }

    private static void writeType(BinaryWriter writer, FunctionType type) {
        writer.writeByte(0x60).writeU32(type.params().size());
        type.params().forEach(p -> writer.writeByte(p.code()));
        writer.writeU32(type.results().size());
        type.results().forEach(r -> writer.writeByte(r.code()));
    }

    /**
     * Rebuilds the binary with entries appended to vector sections (type, function, memory, export, code), creating
     * a section where the module has none.
     *
     * @param appended for each section id: a vector encoding (count, then entries) to append
     * @param dropStart whether to leave out the start section
     */
    static byte[] appendToSections(WasmModule module, Map<Integer, byte[]> appended, boolean dropStart) {
        byte[] bytes = module.rawBytes();
        BinaryWriter out = new BinaryWriter(bytes.length + 1024);
        out.writeBytes(bytes, 0, 8);
        Map<Integer, byte[]> pending = new LinkedHashMap<>(appended);
        for (WasmModule.Section section : module.sections()) {
            if (section.id() != WasmModule.CUSTOM_SECTION) {
                int order = order(section.id());
                for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                    var entry = it.next();
                    if (order(entry.getKey()) < order
                            && module.section(entry.getKey()).isEmpty()) {
                        out.writeSection(entry.getKey(), entry.getValue());
                        it.remove();
                    }
                }
            }
            if (dropStart && section.id() == WasmModule.START_SECTION) {
                continue;
            }
            byte[] extra = pending.remove(section.id());
            if (extra == null) {
                out.writeBytes(bytes, section.start(), section.end() - section.start());
                continue;
            }
            BinaryReader content = new BinaryReader(bytes, section.contentStart(), section.end());
            int existing = content.readSize("entry count");
            BinaryReader extraReader = new BinaryReader(extra);
            int added = extraReader.readSize("entry count");
            BinaryWriter merged = new BinaryWriter(section.end() - section.start() + extra.length);
            merged.writeU32((long) existing + added);
            merged.writeBytes(bytes, content.position(), section.end() - content.position());
            merged.writeBytes(extra, extraReader.position(), extra.length - extraReader.position());
            out.writeSection(section.id(), merged.toByteArray());
        }
        pending.forEach(out::writeSection);
        return out.toByteArray();
    }

    private static int order(int sectionId) {
        // the binary order of the sections this pass touches, relative to all others
        int[] sectionOrder = {0, 1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11};
        for (int i = 0; i < sectionOrder.length; i++) {
            if (sectionOrder[i] == sectionId) {
                return i;
            }
        }
        throw new IllegalArgumentException("section " + sectionId);
    }
}
