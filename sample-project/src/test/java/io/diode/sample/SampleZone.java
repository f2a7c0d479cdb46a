package io.diode.sample;

import io.diode.canisters.ZoneActor;
import io.diode.canisters.ZoneActor.AddMessageResult;
import io.diode.canisters.ZoneActor.AddedMessage;
import io.diode.canisters.ZoneActor.GetMessageResult;
import io.diode.canisters.ZoneActor.ListMessagesByKeyResult;
import io.diode.canisters.ZoneActor.Member;
import io.diode.canisters.ZoneActor.Message;
import io.diode.canisters.ZoneActor.RegisterMemberResult;
import io.diode.pocketic.client.PendingCall;
import io.diode.pocketic.client.PendingHttpOutcall;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
import io.diode.pocketic.client.Sender;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * What the ITs need around the generated {@link ZoneActor}: a member registered through a mocked role lookup, the
 * unwrapping of results that must succeed, and the Zone's log record sizes.
 */
final class SampleZone {

    /** Bytes of a message's header in the Zone's log ({@code MessageStore.MESSAGE_OVERHEAD_BYTES}). */
    static final int MESSAGE_OVERHEAD_BYTES = 80;
    /** Log records are padded to a multiple of this ({@code MessageStore.RECORD_ALIGNMENT}). */
    static final int RECORD_ALIGNMENT = 8;
    /** Length of a destination key id (an EVM address). */
    static final int KEY_ID_BYTES = 20;

    private SampleZone() {}

    /**
     * Bytes a message with a ciphertext of {@code ciphertextBytes} takes in the Zone's log and counts in
     * {@code used_bytes}: the header plus the ciphertext padded to the alignment ({@code MessageStore.recordBytes}).
     */
    static int recordBytes(int ciphertextBytes) {
        return MESSAGE_OVERHEAD_BYTES + (ciphertextBytes + RECORD_ALIGNMENT - 1) / RECORD_ALIGNMENT * RECORD_ALIGNMENT;
    }

    /**
     * A Zone's init argument for installing it without a Factory: {@code zoneId} asking
     * {@code https://rpc.example/v1/key}, version 1, a 10-minute membership cache, no top-up threshold.
     */
    static ZoneActor.InitArgs init(String zoneId, Principal factory, long storageLimitBytes) {
        return new ZoneActor.InitArgs(
                Principals.toCandid(factory),
                BigInteger.ZERO,
                BigInteger.valueOf(600),
                "https://rpc.example",
                "/v1/key",
                BigInteger.valueOf(storageLimitBytes),
                BigInteger.ONE,
                zoneId);
    }

    /**
     * {@code register_member} as {@code caller}, its role lookup answered with {@code role} (as the RPC endpoint
     * would); the member it registered.
     */
    static Member registerWithRole(PocketIc pic, Principal zone, Principal caller, String evmAddress, long role) {
        PendingCall<RegisterMemberResult> registration = pic.deferredActor(zone, ZoneActor.class, Sender.of(caller))
                .submit(actor -> actor.registerMember(evmAddress));
        pic.mockHttpOutcall(onlyPendingOutcall(pic, "register_member"), RoleLookupReplies.role(role));
        return switch (registration.await()) {
            case RegisterMemberResult.Ok(Member member) -> member;
            case RegisterMemberResult.Err(ZoneActor.RegisterError error) ->
                throw new AssertionError("register_member failed: " + error);
        };
    }

    /** Runs rounds until exactly one HTTP outcall is pending (as PicJS tests do); that outcall. */
    static PendingHttpOutcall onlyPendingOutcall(PocketIc pic, String call) {
        List<PendingHttpOutcall> pending = List.of();
        for (int round = 0; round < 5 && pending.isEmpty(); round++) {
            pic.tick();
            pending = pic.pendingHttpOutcalls();
        }
        if (pending.size() != 1) {
            throw new AssertionError(call + " should issue exactly one HTTP outcall, found " + pending.size());
        }
        return pending.getFirst();
    }

    /** The result of an {@code add_message} that must have succeeded. */
    static AddedMessage stored(AddMessageResult result) {
        return switch (result) {
            case AddMessageResult.Ok(AddedMessage added) -> added;
            case AddMessageResult.Err(ZoneActor.AddMessageError error) ->
                throw new AssertionError("add_message failed: " + error);
        };
    }

    /** The message of a {@code get_message} that must have found it. */
    static Message found(GetMessageResult result) {
        return switch (result) {
            case GetMessageResult.Ok(Message message) -> message;
            case GetMessageResult.Err(ZoneActor.ReadError error) ->
                throw new AssertionError("get_message failed: " + error);
        };
    }

    /** The ids of one {@code list_messages_by_key} page (newest first, at most 100) that must succeed. */
    static List<Long> messageIdsByKey(ZoneActor zone, byte[] keyId) {
        return switch (zone.listMessagesByKey(keyId, Optional.empty(), BigInteger.valueOf(100))) {
            case ListMessagesByKeyResult.Ok(ZoneActor.Page page) ->
                page.messages().stream()
                        .map(message -> message.id().longValueExact())
                        .toList();
            case ListMessagesByKeyResult.Err(ZoneActor.AccessError error) ->
                throw new AssertionError("list_messages_by_key failed: " + error);
        };
    }
}
