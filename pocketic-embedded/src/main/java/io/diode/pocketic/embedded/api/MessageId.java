package io.diode.pocketic.embedded.api;

import java.util.Arrays;
import java.util.HexFormat;

/** An ingress message's id: the IC request id (32 bytes) of the call. */
public record MessageId(byte[] bytes) {

    public MessageId {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a message id has 32 bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
