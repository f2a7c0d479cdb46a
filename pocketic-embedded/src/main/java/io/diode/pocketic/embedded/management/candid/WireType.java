package io.diode.pocketic.embedded.management.candid;

import java.util.Arrays;

/**
 * A type as a Candid message's type table declares it. Mutable only while {@link CandidReader} builds the
 * table (entries may refer to each other, even recursively); read-only afterwards.
 */
final class WireType {

    enum Kind {
        NULL(-1), BOOL(-2), NAT(-3), INT(-4), NAT8(-5), NAT16(-6), NAT32(-7), NAT64(-8), INT8(-9), INT16(-10),
        INT32(-11), INT64(-12), FLOAT32(-13), FLOAT64(-14), TEXT(-15), RESERVED(-16), EMPTY(-17),
        OPT(-18), VEC(-19), RECORD(-20), VARIANT(-21), FUNC(-22), SERVICE(-23), PRINCIPAL(-24);

        final int opcode;

        Kind(int opcode) {
            this.opcode = opcode;
        }

        static Kind ofOpcode(long opcode) {
            for (Kind kind : values()) {
                if (kind.opcode == opcode) {
                    return kind;
                }
            }
            return null;
        }

        boolean isPrimitive() {
            return opcode >= PRINCIPAL.opcode && (opcode >= EMPTY.opcode || this == PRINCIPAL);
        }
    }

    private static final WireType[] PRIMITIVES = new WireType[25];

    static {
        for (Kind kind : Kind.values()) {
            if (kind.isPrimitive()) {
                PRIMITIVES[-kind.opcode] = new WireType(kind);
            }
        }
    }

    final Kind kind;
    /** The element of a vec, the content of an opt. */
    WireType inner;
    /** Record fields or variant cases, ascending by hash. */
    long[] hashes = new long[0];
    WireType[] fieldTypes = new WireType[0];

    WireType(Kind kind) {
        this.kind = kind;
    }

    static WireType primitive(Kind kind) {
        return PRIMITIVES[-kind.opcode];
    }

    /** Index of the field or case with this hash, or -1. */
    int indexOf(long hash) {
        return Arrays.binarySearch(hashes, hash);
    }

    boolean isBlob() {
        return kind == Kind.VEC && inner.kind == Kind.NAT8;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case OPT -> "opt " + inner.kind.name().toLowerCase();
            case VEC -> isBlob() ? "blob" : "vec " + inner.kind.name().toLowerCase();
            default -> kind.name().toLowerCase();
        };
    }
}
