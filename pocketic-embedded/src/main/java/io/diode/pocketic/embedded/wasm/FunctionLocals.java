package io.diode.pocketic.embedded.wasm;

import java.util.ArrayList;
import java.util.List;

/** The local declarations at the start of a function body: runs of (count, type). */
record FunctionLocals(List<Run> runs, long total) {

    /** {@code count} locals of one type. */
    record Run(long count, ValueType type) {}

    /** The most locals a function may declare (the limit engines enforce, and GraalWasm's). */
    static final long MAX_LOCALS = 50_000;

    static FunctionLocals read(BinaryReader reader) {
        int offset = reader.position();
        int runCount = reader.readSize("local declaration count");
        List<Run> runs = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < runCount; i++) {
            long count = reader.readU32() & 0xFFFFFFFFL;
            int typeOffset = reader.position();
            ValueType type = ValueType.fromCode(reader.readByte(), typeOffset);
            total += count;
            if (total > MAX_LOCALS) {
                throw new InvalidWasmException(
                        "function body at offset " + offset + " declares more than " + MAX_LOCALS + " locals");
            }
            runs.add(new Run(count, type));
        }
        return new FunctionLocals(List.copyOf(runs), total);
    }

    void write(BinaryWriter writer) {
        writer.writeU32(runs.size());
        for (Run run : runs) {
            writer.writeU32(run.count());
            writer.writeByte(run.type().code());
        }
    }

    FunctionLocals plus(List<ValueType> extra) {
        List<Run> all = new ArrayList<>(runs);
        for (ValueType type : extra) {
            all.add(new Run(1, type));
        }
        return new FunctionLocals(List.copyOf(all), total + extra.size());
    }
}
