package io.diode.sample;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PocketIc;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;

/**
 * A Zone (ZAC) canister on a PocketIC instance, called by method name with hand-written Candid. Only
 * {@code ZoneRequestIT} (through {@link FactoryCanister}) still uses it; the other ITs
 * call the generated {@code io.diode.canisters.ZoneActor}. Calls that
 * answer a {@code Result} return the {@link CandidValue} of that variant, so a test asserts on {@code ok} or on the
 * exact {@code err} case.
 */
final class ZoneCanister {

    static final int MESSAGE_OVERHEAD_BYTES = SampleZone.MESSAGE_OVERHEAD_BYTES;

    private static final IDLType NAT = IDLType.createType(Type.NAT);

    private final PocketIc pic;
    private final Principal id;

    ZoneCanister(PocketIc pic, Principal id) {
        this.pic = pic;
        this.id = id;
    }

    Principal id() {
        return id;
    }

    /** See {@link SampleZone#recordBytes}. */
    static int recordBytes(int ciphertextBytes) {
        return SampleZone.recordBytes(ciphertextBytes);
    }

    // ---- messages ------------------------------------------------------------------------------------------

    /** {@code add_message}: {@code ok {id; hash; duplicate; evicted_ids}} or an {@code err} case. */
    CandidValue addMessage(Principal caller, byte[] keyId, byte[] ciphertext) {
        return update(caller, "add_message", keyId, ciphertext);
    }

    /** {@code add_message} that must succeed. */
    AddedMessage storeMessage(Principal caller, byte[] keyId, byte[] ciphertext) {
        CandidValue added = addMessage(caller, keyId, ciphertext).ok();
        return new AddedMessage(added.field("id").natLong(), added.field("hash").blob(),
                added.field("duplicate").bool(), added.field("evicted_ids").natList());
    }

    CandidValue getMessage(Principal caller, long messageId) {
        return query(caller, "get_message", nat(messageId));
    }

    CandidValue getMessageByHash(Principal caller, byte[] hash) {
        return query(caller, "get_message_by_hash", hash);
    }

    /** {@code list_messages_by_key}: newest first, ids below {@code beforeId}, at most {@code limit}. */
    CandidValue listMessagesByKey(Principal caller, byte[] keyId, Optional<Long> beforeId, int limit) {
        IDLValue before = IDLValue.create(beforeId.map(BigInteger::valueOf), IDLType.createType(Type.OPT, NAT));
        return query(caller, "list_messages_by_key", keyId, before, nat(limit));
    }

    /** The ids of one {@code list_messages_by_key} page that must succeed. */
    List<Long> messageIdsByKey(Principal caller, byte[] keyId) {
        return listMessagesByKey(caller, keyId, Optional.empty(), 100).ok().field("messages").vec().stream()
                .map(message -> message.field("id").natLong()).toList();
    }

    CandidValue getIdRange(Principal caller) {
        return query(caller, "get_id_range");
    }

    Usage usage() {
        CandidValue usage = query(Principal.anonymous(), "get_usage");
        return new Usage(usage.field("used_bytes").natLong(), usage.field("message_count").natLong(),
                usage.field("limit_bytes").natLong(), usage.field("max_ciphertext_bytes").natLong(),
                usage.field("evicted_count").natLong());
    }

    // ---- membership ----------------------------------------------------------------------------------------

    /** {@code register_member} for a call that must not reach the outcall (it answers at once). */
    CandidValue registerMember(Principal caller, String evmAddress) {
        return update(caller, "register_member", evmAddress);
    }

    /**
     * Starts {@code register_member} and runs rounds until its HTTP outcall is pending; the test inspects
     * {@link PendingOutcallCall#request()} and answers it.
     */
    PendingOutcallCall startRegistration(Principal caller, String evmAddress) {
        return PendingOutcallCall.submit(pic, id, caller, "register_member", CandidArguments.encode(evmAddress));
    }

    /** Registers {@code caller} with a mocked contract reply giving {@code role}; the {@code ok} member. */
    CandidValue registerWithRole(Principal caller, String evmAddress, long role) {
        return startRegistration(caller, evmAddress).answer(RoleLookupReplies.role(role)).ok();
    }

    Optional<CandidValue> getMember(Principal caller) {
        return query(caller, "get_member").opt();
    }

    // ---- cycles and info -----------------------------------------------------------------------------------

    BigInteger cyclesBalance() {
        return query(Principal.anonymous(), "cycles_balance").nat();
    }

    /** {@code get_top_up_status}: balance, threshold, last request time and outcome. */
    CandidValue topUpStatus() {
        return query(Principal.anonymous(), "get_top_up_status");
    }

    /** {@code get_memory_stats}: the Motoko runtime's heap, memory, live, allocated and reclaimed bytes. */
    CandidValue memoryStats() {
        return query(Principal.anonymous(), "get_memory_stats");
    }

    /** {@code get_storage_stats}: the message log's bytes and capacity, its region's size and the index sizes. */
    CandidValue storageStats() {
        return query(Principal.anonymous(), "get_storage_stats");
    }

    BigInteger version() {
        return query(Principal.anonymous(), "get_version").nat();
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    private CandidValue update(Principal caller, String method, Object... arguments) {
        return CandidValue.decode(pic.updateCall(id, caller, method, CandidArguments.encode(arguments)));
    }

    private CandidValue query(Principal caller, String method, Object... arguments) {
        return CandidValue.decode(pic.queryCall(id, caller, method, CandidArguments.encode(arguments)));
    }

    private static IDLValue nat(long value) {
        return IDLValue.create(BigInteger.valueOf(value), NAT);
    }

    record AddedMessage(long id, byte[] hash, boolean duplicate, List<Long> evictedIds) {
    }

    record Usage(long usedBytes, long messageCount, long limitBytes, long maxCiphertextBytes, long evictedCount) {
    }
}
