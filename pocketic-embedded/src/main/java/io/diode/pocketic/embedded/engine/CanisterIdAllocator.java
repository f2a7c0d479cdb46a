package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.SubnetInfo.CanisterIdRange;
import java.nio.ByteBuffer;
import org.ic4j.types.Principal;

/**
 * Hands out canister ids from the subnet's range in order. An IC canister id is an 8-byte big-endian
 * index followed by {@code 0x01 0x01} (the "opaque id" class).
 */
final class CanisterIdAllocator {

    /** The range the real PocketIC gives its first application subnet: lxzze-o7777-77777-aaaaa-cai onwards. */
    static final long FIRST = 0xFFFF_FFFF_FFE0_0000L;
    static final long LAST = 0xFFFF_FFFF_FFEF_FFFFL;

    private long next = FIRST;

    CanisterIdRange range() {
        return new CanisterIdRange(principalOf(FIRST), principalOf(LAST));
    }

    /** Whether {@code id} is in the subnet's range: a canister id the subnet would host (opaque id class). */
    boolean hosts(Principal id) {
        byte[] bytes = id.getValue();
        if (bytes.length != 10 || bytes[8] != 1 || bytes[9] != 1) {
            return false;
        }
        long index = ByteBuffer.wrap(bytes, 0, 8).getLong();
        return Long.compareUnsigned(index, FIRST) >= 0 && Long.compareUnsigned(index, LAST) <= 0;
    }

    Principal allocate() {
        if (Long.compareUnsigned(next, LAST) > 0) {
            throw new IllegalStateException("the subnet's canister id range is exhausted");
        }
        return principalOf(next++);
    }

    static Principal principalOf(long index) {
        ByteBuffer bytes = ByteBuffer.allocate(10).putLong(index).put((byte) 1).put((byte) 1);
        return Principal.from(bytes.array());
    }
}
