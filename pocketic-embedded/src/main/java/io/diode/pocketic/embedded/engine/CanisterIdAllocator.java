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
