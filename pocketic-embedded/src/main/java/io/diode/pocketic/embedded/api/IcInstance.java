package io.diode.pocketic.embedded.api;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * One deterministic Internet Computer: one or more subnets (one application subnet unless {@link InstanceConfig} asks
 * for others) sharing one time that moves only when told to, whose messages execute in rounds ({@link #tick()}).
 * Mirrors the operations of a PocketIC instance.
 *
 * <p>Canister creation and installation go through the management canister ({@code aaaaa-aa}) as
 * ordinary ingress messages, as on the IC; the methods here that bypass consensus ({@link #addCycles},
 * {@link #setStableMemory}) are the same testing back doors the real PocketIC offers.
 *
 * <p>Implementations are not thread-safe: callers serialise access to one instance.
 */
public interface IcInstance extends AutoCloseable {

    /** The management canister, {@code aaaaa-aa}. */
    Principal MANAGEMENT_CANISTER = Principal.fromString("aaaaa-aa");

    /**
     * The instance's first subnet (in PocketIC's order: the NNS when there is one): the subnet whose key is the root
     * key. With one subnet, the instance's only subnet.
     */
    SubnetInfo subnet();

    /** Every subnet of the instance, {@link #subnet()} first, in the order PocketIC creates them. */
    default List<SubnetInfo> subnets() {
        return List.of(subnet());
    }

    /**
     * The subnet that hosts {@code canisterId}: where the canister exists, else the subnet whose canister-id ranges
     * hold the id; empty when no subnet would host it.
     */
    default Optional<Principal> subnetOf(Principal canisterId) {
        byte[] id = canisterId.getValue();
        return subnets().stream()
                .filter(subnet -> subnet.canisterRanges().stream()
                        .anyMatch(range -> Arrays.compareUnsigned(
                                                id, range.start().getValue())
                                        >= 0
                                && Arrays.compareUnsigned(id, range.end().getValue()) <= 0))
                .map(SubnetInfo::subnetId)
                .findFirst();
    }

    /**
     * The effective canister id that creates a canister when the caller names none: the first id of the first
     * application subnet's allocation range (PocketIC's {@code default_effective_canister_id}).
     */
    default Principal defaultEffectiveCanisterId() {
        return subnet().canisterRanges().getLast().start();
    }

    /**
     * A subnet's public key, DER-encoded (its id is the key's self-authenticating principal).
     *
     * @throws IllegalArgumentException when the instance has no such subnet
     */
    default byte[] subnetPublicKey(Principal subnetId) {
        if (!subnetId.equals(subnet().subnetId())) {
            throw new IllegalArgumentException("no subnet " + subnetId + " on this instance");
        }
        return rootKey();
    }

    // ---- time and rounds ----------------------------------------------------------------------

    Instant time();

    /** Sets the time of the next round. Time never moves backwards: an earlier instant is an error. */
    void setTime(Instant time);

    default void advanceTime(Duration duration) {
        setTime(time().plus(duration));
    }

    /** Executes one round: due timers and heartbeats, then queued messages, including those they enqueue. */
    void tick();

    // ---- messages -------------------------------------------------------------------------------

    /**
     * Enqueues an update call from {@code sender}. Validation failures that the IC reports
     * synchronously (unknown canister, stopped canister, missing method) are returned by
     * {@link #awaitIngress} as rejects, not thrown.
     *
     * @param effectiveCanisterId for calls to the management canister, the canister the call is about
     */
    MessageId submitIngress(
            Principal sender, Principal canisterId, String method, byte[] argument, Principal effectiveCanisterId);

    /**
     * Enqueues an update call under the id its sender computed: the IC HTTP interface passes the agent's
     * request id, so that {@code request_status/<id>} names the same message the agent polls for.
     *
     * @throws IllegalArgumentException when a message with this id was already submitted
     */
    MessageId submitIngress(
            MessageId messageId,
            Principal sender,
            Principal canisterId,
            String method,
            byte[] argument,
            Principal effectiveCanisterId);

    /** Runs rounds until the message completes, then returns its result. */
    CallResult awaitIngress(MessageId messageId);

    /** The message's result if it has completed, without running any round. */
    Optional<CallResult> ingressStatus(MessageId messageId);

    /** Submit then await: what an agent's update call does. */
    default CallResult updateCall(Principal sender, Principal canisterId, String method, byte[] argument) {
        return awaitIngress(submitIngress(sender, canisterId, method, argument, canisterId));
    }

    /**
     * Executes a query or composite query against the current state; its changes, and for a composite query those of
     * every canister its calls reach, are discarded.
     */
    CallResult query(Principal sender, Principal canisterId, String method, byte[] argument);

    // ---- testing back doors (as PocketIC offers them) --------------------------------------------

    /** @throws CanisterNotFoundException when no such canister exists */
    BigInteger cycleBalance(Principal canisterId);

    /** Adds cycles outside any message; returns the new balance. */
    BigInteger addCycles(Principal canisterId, BigInteger amount);

    byte[] stableMemory(Principal canisterId);

    /** The size of the canister's stable memory in bytes, without copying it. */
    default long stableMemorySize(Principal canisterId) {
        return stableMemory(canisterId).length;
    }

    /** Replaces the canister's stable memory (growing it as needed to hold {@code data}). */
    void setStableMemory(Principal canisterId, byte[] data);

    List<Principal> controllers(Principal canisterId);

    /** Every canister on the instance's subnets, subnet by subnet, in creation order. */
    List<Principal> canisters();

    // ---- what the IC HTTP interface certifies ------------------------------------------------------

    /**
     * SHA-256 of the installed module, empty while the canister has no code.
     *
     * @throws CanisterNotFoundException when no such canister exists
     */
    Optional<byte[]> moduleHash(Principal canisterId);

    /** The canister's certified data (at most 32 bytes; empty until it calls {@code certified_data_set}). */
    byte[] certifiedData(Principal canisterId);

    /**
     * The subnet's BLS12-381 public key, DER-encoded (133 bytes). With a single subnet it is also the root key
     * that agents trust: {@code /api/v2/status} publishes it, and certificates need no delegation.
     */
    byte[] rootKey();

    /**
     * The subnet's signature (48 bytes, BLS12-381 in G1) of a state-tree root digest, under the domain separator
     * {@code "\x0Dic-state-root"}: what a certificate carries.
     */
    byte[] signStateRoot(byte[] rootDigest);

    // ---- HTTP outcalls: they never leave the machine ----------------------------------------------

    /** Outcalls that canisters have made and that no response has been mocked for yet. */
    List<HttpOutcallRequest> pendingHttpOutcalls();

    /**
     * Answers a pending outcall. The calling canister's transform (if any) runs on the response before
     * it reaches the canister; the reply arrives in the next round.
     *
     * @throws IllegalArgumentException when no outcall with that id is pending
     */
    void mockHttpOutcall(long requestId, HttpOutcallResponse response);

    /**
     * Answers a pending outcall of the given subnet ({@link HttpOutcallRequest#subnetId()}): request ids are per
     * subnet, as on PocketIC.
     *
     * @throws IllegalArgumentException when that subnet has no such pending outcall
     */
    default void mockHttpOutcall(Principal subnetId, long requestId, HttpOutcallResponse response) {
        if (!subnetId.equals(subnet().subnetId())) {
            throw new IllegalArgumentException("no subnet " + subnetId + " on this instance");
        }
        mockHttpOutcall(requestId, response);
    }

    /** Frees every canister's memory. The instance is unusable afterwards. */
    @Override
    void close();
}
