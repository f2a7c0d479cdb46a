package io.diode.pocketic.embedded.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds small WASM binaries byte by byte, so tests control exactly which encodings a module uses. */
public final class TestModuleBuilder {

    public static final int I32 = 0x7F;
    public static final int I64 = 0x7E;
    public static final int F32 = 0x7D;
    public static final int F64 = 0x7C;
    public static final int FUNCREF = 0x70;

    private final List<byte[]> types = new ArrayList<>();
    private final List<byte[]> imports = new ArrayList<>();
    private final List<Integer> functions = new ArrayList<>();
    private final List<byte[]> tables = new ArrayList<>();
    private final List<byte[]> memories = new ArrayList<>();
    private final List<byte[]> globals = new ArrayList<>();
    private final List<byte[]> exports = new ArrayList<>();
    private final List<byte[]> elements = new ArrayList<>();
    private final List<byte[]> bodies = new ArrayList<>();
    private final List<byte[]> data = new ArrayList<>();
    private final List<byte[]> customs = new ArrayList<>();
    private Integer start;
    private int importedFunctions;

    /** Adds a function type; returns its index. */
    public int type(int[] params, int[] results) {
        Bytes b = new Bytes().u8(0x60).u32(params.length);
        for (int p : params) {
            b.u8(p);
        }
        b.u32(results.length);
        for (int r : results) {
            b.u8(r);
        }
        types.add(b.toArray());
        return types.size() - 1;
    }

    public int importFunction(String module, String name, int type) {
        imports.add(new Bytes().name(module).name(name).u8(0).u32(type).toArray());
        return importedFunctions++;
    }

    public void importTable(String module, String name, int flags, long min, long max) {
        imports.add(new Bytes()
                .name(module)
                .name(name)
                .u8(1)
                .u8(FUNCREF)
                .raw(limits(flags, min, max))
                .toArray());
    }

    /** A table with raw limits flags (0x04/0x05 = table64); returns its index among defined tables. */
    public int table(int flags, long min, long max) {
        tables.add(new Bytes().u8(FUNCREF).raw(limits(flags, min, max)).toArray());
        return tables.size() - 1;
    }

    public void memory(int flags, long min, long max) {
        memories.add(limits(flags, min, max));
    }

    /** A mutable or immutable global with a constant initialiser expression (without its end). */
    public void global(int type, boolean mutable, byte[] init) {
        globals.add(new Bytes().u8(type).u8(mutable ? 1 : 0).raw(init).u8(0x0B).toArray());
    }

    /** Adds a function with the given locals declaration and code (including its final end); returns its index. */
    public int function(int type, byte[] locals, byte[] code) {
        functions.add(type);
        bodies.add(new Bytes().raw(locals).raw(code).toArray());
        return importedFunctions + functions.size() - 1;
    }

    public int function(int type, byte[] code) {
        return function(type, new byte[] {0}, code);
    }

    public void exportFunction(String name, int index) {
        exports.add(new Bytes().name(name).u8(0).u32(index).toArray());
    }

    public void exportMemory(String name, int index) {
        exports.add(new Bytes().name(name).u8(2).u32(index).toArray());
    }

    /** An element segment, encoded in full by the caller (flags included). */
    public void element(byte[] segment) {
        elements.add(segment);
    }

    /** A data segment, encoded in full by the caller (flags included). */
    public void data(byte[] segment) {
        data.add(segment);
    }

    public void start(int function) {
        start = function;
    }

    public void custom(String name, byte[] content) {
        customs.add(new Bytes().name(name).raw(content).toArray());
    }

    public byte[] build() {
        Bytes out = new Bytes().raw(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(out, 1, types);
        section(out, 2, imports);
        if (!functions.isEmpty()) {
            Bytes f = new Bytes().u32(functions.size());
            functions.forEach(f::u32);
            out.u8(3).u32(f.size()).raw(f.toArray());
        }
        section(out, 4, tables);
        section(out, 5, memories);
        section(out, 6, globals);
        section(out, 7, exports);
        if (start != null) {
            Bytes s = new Bytes().u32(start);
            out.u8(8).u32(s.size()).raw(s.toArray());
        }
        section(out, 9, elements);
        if (!bodies.isEmpty()) {
            Bytes c = new Bytes().u32(bodies.size());
            bodies.forEach(b -> c.u32(b.length).raw(b));
            out.u8(10).u32(c.size()).raw(c.toArray());
        }
        section(out, 11, data);
        for (byte[] custom : customs) {
            out.u8(0).u32(custom.length).raw(custom);
        }
        return out.toArray();
    }

    private static void section(Bytes out, int id, List<byte[]> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Bytes content = new Bytes().u32(entries.size());
        entries.forEach(content::raw);
        out.u8(id).u32(content.size()).raw(content.toArray());
    }

    private static byte[] limits(int flags, long min, long max) {
        Bytes b = new Bytes().u8(flags).u64(min);
        if ((flags & 1) != 0) {
            b.u64(max);
        }
        return b.toArray();
    }

    /** A byte sink with the WASM encodings tests need. */
    public static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Bytes u8(int b) {
            out.write(b);
            return this;
        }

        public Bytes op(int... opcodes) {
            for (int b : opcodes) {
                out.write(b);
            }
            return this;
        }

        public Bytes u32(long value) {
            return u64(value & 0xFFFFFFFFL);
        }

        public Bytes u64(long value) {
            do {
                int b = (int) (value & 0x7F);
                value >>>= 7;
                if (value != 0) {
                    b |= 0x80;
                }
                out.write(b);
            } while (value != 0);
            return this;
        }

        public Bytes s64(long value) {
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
            return this;
        }

        public Bytes name(String name) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            u32(utf8.length);
            return raw(utf8);
        }

        public Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        public int size() {
            return out.size();
        }

        public byte[] toArray() {
            return out.toByteArray();
        }
    }

    public static Bytes code() {
        return new Bytes();
    }
}
