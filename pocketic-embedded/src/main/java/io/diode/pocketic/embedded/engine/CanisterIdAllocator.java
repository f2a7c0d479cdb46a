package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.SubnetInfo.CanisterIdRange;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ic4j.types.Principal;

/**
 * The canister ids one subnet hosts (its ranges in the routing table) and hands out, in order, from its allocation
 * range. An IC canister id is an 8-byte big-endian index followed by {@code 0x01 0x01} (the "opaque id" class).
 */
final class CanisterIdAllocator {

    /** The range the real PocketIC gives its first application subnet: lxzze-o7777-77777-aaaaa-cai onwards. */
    static final long FIRST = 0xFFFF_FFFF_FFE0_0000L;

    static final long LAST = 0xFFFF_FFFF_FFEF_FFFFL;
    /** The size of a range PocketIC generates ({@code CANISTER_IDS_PER_SUBNET} of the routing table): 2^20 ids. */
    static final long IDS_PER_RANGE = 1L << 20;

    /** Inclusive [first, last] index pairs, the allocation range last. */
    private final List<long[]> ranges;

    private final long last;
    private long next;

    /** A subnet hosting {@code fixedRanges} and the generated range {@code k} (0 is {@link #FIRST}), its allocation range. */
    CanisterIdAllocator(List<CanisterIdRange> fixedRanges, int generatedRange) {
        List<long[]> all = new ArrayList<>();
        for (CanisterIdRange range : fixedRanges) {
            all.add(new long[] {indexOf(range.start()), indexOf(range.end())});
        }
        long first = FIRST - generatedRange * IDS_PER_RANGE;
        this.last = first + IDS_PER_RANGE - 1;
        this.next = first;
        all.add(new long[] {first, last});
        this.ranges = List.copyOf(all);
    }

    /** The subnet's ranges, the allocation range last (PocketIC's topology lists them so). */
    List<CanisterIdRange> ranges() {
        return ranges.stream()
                .map(range -> new CanisterIdRange(principalOf(range[0]), principalOf(range[1])))
                .toList();
    }

    /** The first id of the allocation range: what PocketIC calls the subnet's default effective canister id. */
    Principal firstAllocated() {
        return principalOf(ranges.getLast()[0]);
    }

    /** Whether {@code id} is in one of the subnet's ranges: a canister id the subnet would host (opaque id class). */
    boolean hosts(Principal id) {
        byte[] bytes = id.getValue();
        if (bytes.length != 10 || bytes[8] != 1 || bytes[9] != 1) {
            return false;
        }
        long index = ByteBuffer.wrap(bytes, 0, 8).getLong();
        for (long[] range : ranges) {
            if (Long.compareUnsigned(index, range[0]) >= 0 && Long.compareUnsigned(index, range[1]) <= 0) {
                return true;
            }
        }
        return false;
    }

    Principal allocate() {
        if (Long.compareUnsigned(next, last) > 0) {
            throw new IllegalStateException("the subnet's canister id range is exhausted");
        }
        return principalOf(next++);
    }

    static Principal principalOf(long index) {
        ByteBuffer bytes = ByteBuffer.allocate(10).putLong(index).put((byte) 1).put((byte) 1);
        return Principal.from(bytes.array());
    }

    private static long indexOf(Principal canisterId) {
        byte[] bytes = canisterId.getValue();
        if (bytes.length != 10) {
            throw new IllegalArgumentException(canisterId + " is not a canister id of the opaque class");
        }
        return ByteBuffer.wrap(bytes, 0, 8).getLong();
    }
}
