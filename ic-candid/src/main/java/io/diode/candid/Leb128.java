package io.diode.candid;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/** LEB128 integers (unsigned and signed), the variable-length encoding of Candid and WebAssembly. */
public final class Leb128 {

    private static final BigInteger SEVEN_BITS = BigInteger.valueOf(0x7f);

    private Leb128() {}

    public static void writeUnsigned(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("unsigned LEB128 of negative " + value);
        }
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    public static void writeUnsigned(ByteArrayOutputStream out, BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("unsigned LEB128 of negative " + value);
        }
        if (value.bitLength() < 63) {
            writeUnsigned(out, value.longValue());
            return;
        }
        do {
            int b = value.and(SEVEN_BITS).intValue();
            value = value.shiftRight(7);
            out.write(value.signum() != 0 ? b | 0x80 : b);
        } while (value.signum() != 0);
    }

    public static void writeSigned(ByteArrayOutputStream out, long value) {
        while (true) {
            int b = (int) (value & 0x7f);
            value >>= 7;
            boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return;
            }
        }
    }

    public static void writeSigned(ByteArrayOutputStream out, BigInteger value) {
        if (value.bitLength() < 63) {
            writeSigned(out, value.longValue());
            return;
        }
        while (true) {
            int b = value.and(SEVEN_BITS).intValue();
            value = value.shiftRight(7); // arithmetic shift: rounds towards negative infinity
            boolean done = (value.signum() == 0 && (b & 0x40) == 0)
                    || (value.equals(BigInteger.ONE.negate()) && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return;
            }
        }
    }

    /** A cursor over bytes that reads LEB128 numbers; {@code position} is the next byte. */
    public static final class Reader {
        private final byte[] bytes;
        private int position;

        public Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        public int position() {
            return position;
        }

        public int remaining() {
            return bytes.length - position;
        }

        public int readByte() {
            if (position >= bytes.length) {
                throw new CandidException("unexpected end of input at byte " + position);
            }
            return bytes[position++] & 0xff;
        }

        public byte[] readBytes(int length) {
            if (length < 0 || length > remaining()) {
                throw new CandidException("unexpected end of input at byte " + position + ": " + length
                        + " bytes wanted, " + remaining() + " left");
            }
            byte[] out = new byte[length];
            System.arraycopy(bytes, position, out, 0, length);
            position += length;
            return out;
        }

        public BigInteger readUnsigned() {
            long small = 0;
            int shift = 0;
            BigInteger big = null;
            while (true) {
                int b = readByte();
                if (shift < 56) {
                    small |= (long) (b & 0x7f) << shift;
                } else {
                    big = (big == null ? BigInteger.ZERO : big)
                            .or(BigInteger.valueOf(b & 0x7f).shiftLeft(shift));
                }
                shift += 7;
                if ((b & 0x80) == 0) {
                    BigInteger low = BigInteger.valueOf(small);
                    return big == null ? low : big.or(low);
                }
            }
        }

        public BigInteger readSigned() {
            BigInteger value = BigInteger.ZERO;
            int shift = 0;
            int b;
            do {
                b = readByte();
                value = value.or(BigInteger.valueOf(b & 0x7f).shiftLeft(shift));
                shift += 7;
            } while ((b & 0x80) != 0);
            if ((b & 0x40) != 0) {
                value = value.subtract(BigInteger.ONE.shiftLeft(shift));
            }
            return value;
        }

        /** An unsigned number that must fit an int, e.g. a length or count. */
        public int readSize(String what) {
            BigInteger value = readUnsigned();
            if (value.bitLength() > 31) {
                throw new CandidException(what + " " + value + " at byte " + position + " is too large");
            }
            return value.intValue();
        }

        public long readFixed(int width) {
            long value = 0;
            for (int i = 0; i < width; i++) {
                value |= (long) readByte() << (8 * i);
            }
            return value;
        }
    }
}
