package io.diode.pocketic.embedded.wasm;

import io.diode.ic.Sha256;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed and structurally checked WebAssembly binary: its sections, types, imports, exports, tables, memories,
 * globals and custom sections (such as {@code icp:public candid:service}). Parsing checks the structure (magic,
 * version, section order and sizes, every instruction's encoding) but not typing; the runtime validates the rest
 * when it compiles the module. Immutable and safe to share.
 */
public final class WasmModule {

    static final int CUSTOM_SECTION = 0;
    static final int TYPE_SECTION = 1;
    static final int IMPORT_SECTION = 2;
    static final int FUNCTION_SECTION = 3;
    static final int TABLE_SECTION = 4;
    static final int MEMORY_SECTION = 5;
    static final int GLOBAL_SECTION = 6;
    static final int EXPORT_SECTION = 7;
    static final int START_SECTION = 8;
    static final int ELEMENT_SECTION = 9;
    static final int CODE_SECTION = 10;
    static final int DATA_SECTION = 11;
    static final int DATA_COUNT_SECTION = 12;
    static final int TAG_SECTION = 13;

    /** The order non-custom sections must appear in (the data count section sits between element and code). */
    private static final int[] SECTION_ORDER = {0, 1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11};

    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6D};

    /** Where one section's content lies in the binary. */
    record Section(int id, int start, int contentStart, int end) {}

    /** Where one function body lies in the binary (from its locals to its final end). */
    record CodeBody(int start, int end) {}

    private final byte[] bytes;
    private final String sha256;
    private final List<Section> sections;
    private final List<FunctionType> types;
    private final List<WasmImport> imports;
    private final List<Integer> functionTypeIndices;
    private final List<TableType> tables;
    private final List<Limits> memories;
    private final List<GlobalType> globals;
    private final List<WasmExport> exports;
    private final Integer startFunction;
    private final List<CustomSection> customSections;
    private final List<CodeBody> codeBodies;
    // the engine asks for an export's type on every message: looked up by name, not searched
    private final Map<String, WasmExport> exportsByName;
    private final List<WasmImport> functionImports;
    private final int activeDataSegments;

    private WasmModule(byte[] bytes, Parser parser) {
        this.bytes = bytes;
        this.sha256 = Sha256.hex(bytes);
        this.sections = List.copyOf(parser.sections);
        this.types = List.copyOf(parser.types);
        this.imports = List.copyOf(parser.imports);
        this.functionTypeIndices = List.copyOf(parser.functionTypeIndices);
        this.tables = List.copyOf(parser.tables);
        this.memories = List.copyOf(parser.memories);
        this.globals = List.copyOf(parser.globals);
        this.exports = List.copyOf(parser.exports);
        this.startFunction = parser.startFunction;
        this.customSections = List.copyOf(parser.customSections);
        this.codeBodies = List.copyOf(parser.codeBodies);
        this.activeDataSegments = parser.activeDataSegments;
        Map<String, WasmExport> byName = new HashMap<>();
        for (WasmExport export : exports) {
            byName.putIfAbsent(export.name(), export);
        }
        this.exportsByName = Map.copyOf(byName);
        this.functionImports =
                imports.stream().filter(i -> i.kind() == ExternalKind.FUNCTION).toList();
    }

    /**
     * Parses a WASM binary.
     *
     * @throws InvalidWasmException if the bytes are not a WASM module, are truncated or malformed, or use an
     *         unsupported feature; the message names the problem and its byte offset
     */
    public static WasmModule parse(byte[] wasm) {
        if (wasm == null) {
            throw new InvalidWasmException("no WASM module given (null)");
        }
        byte[] copy = wasm.clone();
        Parser parser = new Parser(copy);
        parser.parse();
        return new WasmModule(copy, parser);
    }

    /** The module's original bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    int size() {
        return bytes.length;
    }

    byte[] rawBytes() {
        return bytes;
    }

    /** The SHA-256 of the original bytes, in lower-case hex: the IC's module hash. */
    public String sha256() {
        return sha256;
    }

    /** The SHA-256 of the original bytes. */
    public byte[] sha256Bytes() {
        return HexFormat.of().parseHex(sha256);
    }

    public List<FunctionType> types() {
        return types;
    }

    public List<WasmImport> imports() {
        return imports;
    }

    public List<WasmImport> functionImports() {
        return functionImports;
    }

    public List<WasmExport> exports() {
        return exports;
    }

    public Optional<WasmExport> export(String name) {
        return Optional.ofNullable(exportsByName.get(name));
    }

    /** Names of the exported functions, in export order. */
    public List<String> exportedFunctionNames() {
        return exports.stream()
                .filter(e -> e.kind() == ExternalKind.FUNCTION)
                .map(WasmExport::name)
                .toList();
    }

    /** The signature of an exported function, if the module exports a function of that name. */
    public Optional<FunctionType> exportedFunctionType(String name) {
        return export(name).filter(e -> e.kind() == ExternalKind.FUNCTION).map(e -> functionType(e.index()));
    }

    /** Tables the module defines (imported tables are in {@link #imports()}). */
    public List<TableType> tables() {
        return tables;
    }

    /** Memories the module defines (imported memories are in {@link #imports()}). */
    public List<Limits> memories() {
        return memories;
    }

    /** Globals the module defines (imported globals are in {@link #imports()}). */
    public List<GlobalType> globals() {
        return globals;
    }

    public OptionalInt startFunction() {
        return startFunction == null ? OptionalInt.empty() : OptionalInt.of(startFunction);
    }

    public List<CustomSection> customSections() {
        return customSections;
    }

    /** The content of the first custom section of that name, such as {@code icp:public candid:service}. */
    public Optional<byte[]> customSection(String name) {
        return customSections.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .map(CustomSection::content);
    }

    /** Whether any memory (defined or imported) is indexed by i64. */
    public boolean usesMemory64() {
        return memories.stream().anyMatch(Limits::address64)
                || imports.stream()
                        .anyMatch(i -> i.kind() == ExternalKind.MEMORY
                                && i.memoryLimits().address64());
    }

    /** Whether any table (defined or imported) is indexed by i64. */
    public boolean usesTable64() {
        return tableTypes().stream().anyMatch(t -> t.limits().address64());
    }

    /** Every table in index order: imported ones first, then defined ones. */
    List<TableType> tableTypes() {
        List<TableType> all = new ArrayList<>();
        imports.stream().filter(i -> i.kind() == ExternalKind.TABLE).forEach(i -> all.add(i.tableType()));
        all.addAll(tables);
        return all;
    }

    int importedFunctionCount() {
        return functionImports.size();
    }

    int importedGlobalCount() {
        return (int)
                imports.stream().filter(i -> i.kind() == ExternalKind.GLOBAL).count();
    }

    /** The signature of a function by its index in the function index space (imports first). */
    FunctionType functionType(int functionIndex) {
        int imported = importedFunctionCount();
        if (functionIndex < imported) {
            return functionImports().get(functionIndex).functionType();
        }
        int defined = functionIndex - imported;
        if (defined >= functionTypeIndices.size()) {
            throw new InvalidWasmException("function index " + functionIndex + " is out of range");
        }
        return types.get(functionTypeIndices.get(defined));
    }

    /** The type index of each defined function. */
    List<Integer> functionTypeIndices() {
        return functionTypeIndices;
    }

    List<Section> sections() {
        return sections;
    }

    /** Data segments that instantiation writes into a memory (the passive ones are copied only by the code). */
    int activeDataSegments() {
        return activeDataSegments;
    }

    Optional<Section> section(int id) {
        return sections.stream().filter(s -> s.id() == id).findFirst();
    }

    List<CodeBody> codeBodies() {
        return codeBodies;
    }

    private static final class Parser {
        private final byte[] bytes;
        private final List<Section> sections = new ArrayList<>();
        private final List<FunctionType> types = new ArrayList<>();
        private final List<WasmImport> imports = new ArrayList<>();
        private final List<Integer> functionTypeIndices = new ArrayList<>();
        private final List<TableType> tables = new ArrayList<>();
        private int activeDataSegments;
        private final List<Limits> memories = new ArrayList<>();
        private final List<GlobalType> globals = new ArrayList<>();
        private final List<WasmExport> exports = new ArrayList<>();
        private Integer startFunction;
        private final List<CustomSection> customSections = new ArrayList<>();
        private final List<CodeBody> codeBodies = new ArrayList<>();

        Parser(byte[] bytes) {
            this.bytes = bytes;
        }

        void parse() {
            if (bytes.length < 8) {
                throw new InvalidWasmException(
                        bytes.length < 4 || !hasMagic()
                                ? "not a WASM module: it is " + bytes.length + " bytes long and lacks the \\0asm header"
                                : "truncated module: " + bytes.length + " bytes, shorter than the 8-byte WASM header");
            }
            if (!hasMagic()) {
                throw new InvalidWasmException(notWasmMessage());
            }
            int version =
                    (bytes[4] & 0xFF) | (bytes[5] & 0xFF) << 8 | (bytes[6] & 0xFF) << 16 | (bytes[7] & 0xFF) << 24;
            if (version != 1) {
                throw new InvalidWasmException("unsupported WASM binary version " + version
                        + " (only version 1 is supported; a component-model component is not a core module)");
            }
            BinaryReader reader = new BinaryReader(bytes);
            reader.seek(8);
            int lastOrder = -1;
            while (!reader.atEnd()) {
                int start = reader.position();
                int id = reader.readByte();
                if (id > TAG_SECTION) {
                    throw new InvalidWasmException("unknown section id " + id + " at offset " + start);
                }
                int length = reader.readSize("section length");
                int contentStart = reader.position();
                if (length > bytes.length - contentStart) {
                    throw new InvalidWasmException("truncated module: section " + id + " at offset " + start
                            + " declares " + length + " bytes but only " + (bytes.length - contentStart) + " remain");
                }
                int end = contentStart + length;
                if (id != CUSTOM_SECTION) {
                    int order = orderOf(id);
                    if (order <= lastOrder) {
                        throw new InvalidWasmException(
                                "section " + id + " at offset " + start + " is out of order or duplicated");
                    }
                    lastOrder = order;
                }
                sections.add(new Section(id, start, contentStart, end));
                BinaryReader content = new BinaryReader(bytes, contentStart, end);
                parseSection(id, content);
                if (!content.atEnd()) {
                    throw new InvalidWasmException("section " + id + " at offset " + start + " has "
                            + (end - content.position()) + " unexpected trailing bytes");
                }
                reader.seek(end);
            }
            if (functionTypeIndices.size() != codeBodies.size()) {
                throw new InvalidWasmException("the function section declares " + functionTypeIndices.size()
                        + " functions but the code section has " + codeBodies.size() + " bodies");
            }
        }

        private boolean hasMagic() {
            for (int i = 0; i < MAGIC.length; i++) {
                if (bytes[i] != MAGIC[i]) {
                    return false;
                }
            }
            return true;
        }

        private String notWasmMessage() {
            if ((bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B) {
                return "not a WASM module: the bytes are gzip-compressed; decompress them first";
            }
            return String.format(
                    "not a WASM module: it starts with %02X %02X %02X %02X instead of the \\0asm magic"
                            + " 00 61 73 6D",
                    bytes[0], bytes[1], bytes[2], bytes[3]);
        }

        private static int orderOf(int id) {
            for (int i = 0; i < SECTION_ORDER.length; i++) {
                if (SECTION_ORDER[i] == id) {
                    return i;
                }
            }
            throw new IllegalArgumentException("section " + id);
        }

        private void parseSection(int id, BinaryReader reader) {
            switch (id) {
                case CUSTOM_SECTION -> {
                    String name = reader.readName();
                    customSections.add(new CustomSection(name, reader.readBytes(reader.limit() - reader.position())));
                }
                case TYPE_SECTION -> parseTypes(reader);
                case IMPORT_SECTION -> parseImports(reader);
                case FUNCTION_SECTION -> {
                    int count = reader.readSize("function count");
                    for (int i = 0; i < count; i++) {
                        functionTypeIndices.add(typeIndex(reader));
                    }
                }
                case TABLE_SECTION -> {
                    int count = reader.readSize("table count");
                    for (int i = 0; i < count; i++) {
                        tables.add(TableType.read(reader));
                    }
                }
                case MEMORY_SECTION -> {
                    int count = reader.readSize("memory count");
                    for (int i = 0; i < count; i++) {
                        memories.add(Limits.read(reader));
                    }
                }
                case GLOBAL_SECTION -> {
                    int count = reader.readSize("global count");
                    for (int i = 0; i < count; i++) {
                        globals.add(GlobalType.read(reader));
                        InstructionDecoder.skipConstantExpression(reader);
                    }
                }
                case EXPORT_SECTION -> parseExports(reader);
                case START_SECTION -> startFunction = reader.readU32();
                case ELEMENT_SECTION -> ElementSegments.skipAll(reader);
                case CODE_SECTION -> parseCode(reader);
                case DATA_SECTION -> parseData(reader);
                case DATA_COUNT_SECTION -> reader.readU32();
                case TAG_SECTION -> {
                    int count = reader.readSize("tag count");
                    for (int i = 0; i < count; i++) {
                        reader.readByte();
                        typeIndex(reader);
                    }
                }
                default -> throw new IllegalStateException("section " + id);
            }
        }

        private void parseTypes(BinaryReader reader) {
            int count = reader.readSize("type count");
            for (int i = 0; i < count; i++) {
                int offset = reader.position();
                int form = reader.readByte();
                if (form != 0x60) {
                    throw new InvalidWasmException(String.format(
                            "unsupported type form 0x%02X at offset %d"
                                    + " (only function types are supported, not GC types)",
                            form, offset));
                }
                types.add(new FunctionType(valueTypes(reader), valueTypes(reader)));
            }
        }

        private static List<ValueType> valueTypes(BinaryReader reader) {
            int count = reader.readSize("value type count");
            List<ValueType> result = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int offset = reader.position();
                result.add(ValueType.fromCode(reader.readByte(), offset));
            }
            return Collections.unmodifiableList(result);
        }

        private int typeIndex(BinaryReader reader) {
            int offset = reader.position();
            int index = reader.readSize("type index");
            if (index >= types.size()) {
                throw new InvalidWasmException("type index " + index + " at offset " + offset
                        + " is out of range (the module declares " + types.size() + " types)");
            }
            return index;
        }

        private void parseImports(BinaryReader reader) {
            int count = reader.readSize("import count");
            for (int i = 0; i < count; i++) {
                String module = reader.readName();
                String name = reader.readName();
                int offset = reader.position();
                ExternalKind kind = ExternalKind.fromCode(reader.readByte(), offset);
                WasmImport imported = switch (kind) {
                    case FUNCTION -> new WasmImport(module, name, kind, types.get(typeIndex(reader)), null, null, null);
                    case TABLE -> new WasmImport(module, name, kind, null, TableType.read(reader), null, null);
                    case MEMORY -> new WasmImport(module, name, kind, null, null, Limits.read(reader), null);
                    case GLOBAL -> new WasmImport(module, name, kind, null, null, null, GlobalType.read(reader));
                    case TAG -> {
                        reader.readByte();
                        typeIndex(reader);
                        yield new WasmImport(module, name, kind, null, null, null, null);
                    }
                };
                imports.add(imported);
            }
        }

        private void parseExports(BinaryReader reader) {
            int count = reader.readSize("export count");
            for (int i = 0; i < count; i++) {
                int offset = reader.position();
                String name = reader.readName();
                ExternalKind kind = ExternalKind.fromCode(reader.readByte(), reader.position() - 1);
                int index = reader.readSize("export index");
                if (exports.stream().anyMatch(e -> e.name().equals(name))) {
                    throw new InvalidWasmException("duplicate export name '" + name + "' at offset " + offset);
                }
                exports.add(new WasmExport(name, kind, index));
            }
        }

        private void parseCode(BinaryReader reader) {
            int count = reader.readSize("code count");
            for (int i = 0; i < count; i++) {
                int bodyOffset = reader.position();
                int size = reader.readSize("function body size");
                int start = reader.position();
                if (size > reader.limit() - start) {
                    throw new InvalidWasmException("truncated module: function body " + i + " at offset " + bodyOffset
                            + " declares " + size + " bytes but its section ends first");
                }
                int end = start + size;
                BinaryReader body = new BinaryReader(bytes, start, end);
                FunctionLocals.read(body);
                int lastOpcode = -1;
                while (!body.atEnd()) {
                    lastOpcode = InstructionDecoder.next(body);
                }
                if (lastOpcode != WasmOpcodes.END) {
                    throw new InvalidWasmException("function body " + i + " at offset " + bodyOffset
                            + " does not end with an end instruction");
                }
                codeBodies.add(new CodeBody(start, end));
                reader.seek(end);
            }
        }

        private void parseData(BinaryReader reader) {
            int count = reader.readSize("data segment count");
            for (int i = 0; i < count; i++) {
                int offset = reader.position();
                int flags = reader.readU32();
                if (flags != 1) {
                    activeDataSegments++;
                }
                switch (flags) {
                    case 0 -> InstructionDecoder.skipConstantExpression(reader);
                    case 1 -> {}
                    case 2 -> {
                        reader.readU32();
                        InstructionDecoder.skipConstantExpression(reader);
                    }
                    default ->
                        throw new InvalidWasmException("invalid data segment flags " + flags + " at offset " + offset);
                }
                reader.skip(reader.readSize("data segment length"));
            }
        }
    }
}
