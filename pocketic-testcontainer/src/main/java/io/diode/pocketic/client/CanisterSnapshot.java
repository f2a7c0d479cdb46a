package io.diode.pocketic.client;

import java.time.Instant;
import java.util.HexFormat;

/**
 * A canister snapshot as the management canister describes it ({@code snapshot} in {@code ic.did}): its id (pass it
 * to {@link PocketIc#loadCanisterSnapshot} and {@link PocketIc#deleteCanisterSnapshot}), when it was taken, and how
 * many bytes it occupies (they count towards the canister's memory and storage fees).
 */
public record CanisterSnapshot(byte[] id, Instant takenAt, long totalSize) {

    public CanisterSnapshot {
        id = id.clone();
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    /** The id in hex, as dfx and the replica's messages print it. */
    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    @Override
    public String toString() {
        return "CanisterSnapshot[" + idHex() + ", taken at " + takenAt + ", " + totalSize + " bytes]";
    }
}
