package io.diode.pocketic.embedded.certification;

import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.diode.ic.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The IC's certified hash tree (IC interface specification, "Certification"): what a certificate's {@code tree}
 * holds. Its root digest is what the subnet signs; pruned nodes stand in for subtrees the client did not ask for,
 * keeping the digest while hiding the content.
 */
public sealed interface HashTree {

    byte[] digest();

    /** Writes the spec's CBOR form: {@code [0] | [1, l, r] | [2, label, t] | [3, value] | [4, digest]}. */
    void writeCbor(CBORGenerator out) throws IOException;

    record Empty() implements HashTree {
        @Override
        public byte[] digest() {
            return Sha256.of(domain("ic-hashtree-empty"));
        }

        @Override
        public void writeCbor(CBORGenerator out) throws IOException {
            out.writeStartArray(null, 1);
            out.writeNumber(0);
            out.writeEndArray();
        }
    }

    record Fork(HashTree left, HashTree right) implements HashTree {
        @Override
        public byte[] digest() {
            return Sha256.of(domain("ic-hashtree-fork"), left.digest(), right.digest());
        }

        @Override
        public void writeCbor(CBORGenerator out) throws IOException {
            out.writeStartArray(null, 3);
            out.writeNumber(1);
            left.writeCbor(out);
            right.writeCbor(out);
            out.writeEndArray();
        }
    }

    record Labeled(byte[] label, HashTree subtree) implements HashTree {
        @Override
        public byte[] digest() {
            return Sha256.of(domain("ic-hashtree-labeled"), label, subtree.digest());
        }

        @Override
        public void writeCbor(CBORGenerator out) throws IOException {
            out.writeStartArray(null, 3);
            out.writeNumber(2);
            out.writeBinary(label);
            subtree.writeCbor(out);
            out.writeEndArray();
        }
    }

    record Leaf(byte[] value) implements HashTree {
        @Override
        public byte[] digest() {
            return Sha256.of(domain("ic-hashtree-leaf"), value);
        }

        @Override
        public void writeCbor(CBORGenerator out) throws IOException {
            out.writeStartArray(null, 2);
            out.writeNumber(3);
            out.writeBinary(value);
            out.writeEndArray();
        }
    }

    record Pruned(byte[] digest) implements HashTree {
        @Override
        public byte[] digest() {
            return digest.clone();
        }

        @Override
        public void writeCbor(CBORGenerator out) throws IOException {
            out.writeStartArray(null, 2);
            out.writeNumber(4);
            out.writeBinary(digest);
            out.writeEndArray();
        }
    }

    /** A domain separator: the tag's length as one byte, then the tag. */
    private static byte[] domain(String tag) {
        byte[] text = tag.getBytes(StandardCharsets.US_ASCII);
        byte[] separator = new byte[text.length + 1];
        separator[0] = (byte) text.length;
        System.arraycopy(text, 0, separator, 1, text.length);
        return separator;
    }
}
