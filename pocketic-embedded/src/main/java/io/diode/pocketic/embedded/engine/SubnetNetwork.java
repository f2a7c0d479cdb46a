package io.diode.pocketic.embedded.engine;

import io.diode.ic.Sha256;
import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.InstructionLimits;
import io.diode.pocketic.embedded.api.SubnetKind;
import io.diode.pocketic.embedded.certification.SelfAuthenticatingPrincipal;
import io.diode.pocketic.embedded.certification.SubnetSigningKey;
import io.diode.pocketic.embedded.management.InvalidManagementArgumentException;
import io.diode.pocketic.embedded.management.ManagementArgumentDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.ic4j.types.Principal;

/**
 * The subnets of one instance, the routing table between them, and the messages in flight from one subnet to another
 * (the IC's XNet streams).
 *
 * <p>A message for a canister on another subnet (a call, its response, a management call about a canister there)
 * leaves its subnet's round and enters the destination's queue once every subnet has executed its round: the
 * destination executes it in its next round. A call to another subnet and its response therefore take at least two
 * more rounds than a call within a subnet, which completes within one round; on the IC a cross-subnet call also
 * costs a few more blocks than a local one.
 */
final class SubnetNetwork {

    /** The order in which PocketIC creates subnets and hands out their canister-id ranges. */
    private static final List<SubnetKind> POCKET_IC_ORDER = List.of(
            SubnetKind.NNS,
            SubnetKind.SNS,
            SubnetKind.II,
            SubnetKind.FIDUCIARY,
            SubnetKind.BITCOIN,
            SubnetKind.SYSTEM,
            SubnetKind.APPLICATION,
            SubnetKind.VERIFIED_APPLICATION);
    /** Identity keys of the subnets after the first, by position: derived once per JVM (a key pair costs ~ms). */
    private static final Map<Integer, SubnetSigningKey> IDENTITY_KEYS = new ConcurrentHashMap<>();

    private final List<Subnet> subnets = new ArrayList<>();
    private final Subnet defaultSubnet;
    private final List<InFlight> inFlight = new ArrayList<>();

    private record InFlight(Subnet destination, Message message) {}

    /**
     * @param rootKey the key of the first subnet (the NNS when there is one, as on the IC): the root key agents trust.
     *                Every subnet signs its certificates with it (there are no delegations)
     */
    SubnetNetwork(
            List<SubnetKind> kinds,
            SubnetSigningKey rootKey,
            CanisterCodeLoader codeLoader,
            long timeNanos,
            InstructionLimits instructionLimits) {
        List<SubnetKind> ordered = kinds.stream()
                .sorted(Comparator.comparingInt(POCKET_IC_ORDER::indexOf))
                .toList();
        for (int i = 0; i < ordered.size(); i++) {
            SubnetKind kind = ordered.get(i);
            byte[] identityKey = i == 0 ? rootKey.rootKeyDer() : identityKey(i).rootKeyDer();
            FeeSchedule fees = SubnetFees.of(kind);
            subnets.add(new Subnet(
                    SelfAuthenticatingPrincipal.of(identityKey),
                    kind,
                    identityKey,
                    new CanisterIdAllocator(kind.fixedRanges(), i),
                    this,
                    rootKey,
                    fees,
                    codeLoader,
                    timeNanos,
                    instructionLimits));
        }
        this.defaultSubnet = firstOf(SubnetKind.APPLICATION, SubnetKind.VERIFIED_APPLICATION, SubnetKind.SYSTEM);
    }

    private Subnet firstOf(SubnetKind... kinds) {
        for (SubnetKind kind : kinds) {
            for (Subnet subnet : subnets) {
                if (subnet.kind() == kind) {
                    return subnet;
                }
            }
        }
        return subnets.getFirst();
    }

    private static SubnetSigningKey identityKey(int position) {
        return IDENTITY_KEYS.computeIfAbsent(
                position,
                p -> new SubnetSigningKey(Sha256.of(("diode embedded subnet " + p).getBytes(StandardCharsets.UTF_8))));
    }

    /** Every subnet, in PocketIC's order; the first one's key is the root key. */
    List<Subnet> subnets() {
        return subnets;
    }

    Subnet root() {
        return subnets.getFirst();
    }

    /**
     * Where canisters go when nothing names a subnet: the first application subnet (else verified application, else
     * system, else the first), whose first allocated id is PocketIC's {@code default_effective_canister_id}.
     */
    Subnet defaultSubnet() {
        return defaultSubnet;
    }

    Subnet withId(Principal subnetId) {
        for (Subnet subnet : subnets) {
            if (subnet.subnetId().equals(subnetId)) {
                return subnet;
            }
        }
        return null;
    }

    /**
     * The subnet that hosts {@code canisterId}: the one where it exists, else the one whose ranges hold it, else null.
     * (A canister created with a {@code specified_id} outside every range lives where it was created.)
     */
    Subnet hosting(Principal canisterId) {
        for (Subnet subnet : subnets) {
            if (subnet.canister(canisterId) != null) {
                return subnet;
            }
        }
        for (Subnet subnet : subnets) {
            if (subnet.idAllocator().hosts(canisterId)) {
                return subnet;
            }
        }
        return null;
    }

    /** The subnet an ingress message with this effective canister id goes to (the default one for an unknown id). */
    Subnet forEffectiveCanisterId(Principal effectiveCanisterId) {
        Subnet hosting = effectiveCanisterId == null ? null : hosting(effectiveCanisterId);
        return hosting != null ? hosting : defaultSubnet;
    }

    /** Where a message {@code from} a subnet executes: the receiver's subnet, or for the management canister the replica's rule. */
    Subnet destination(Subnet from, Message message) {
        if (subnets.size() == 1) {
            return from; // nothing to route: spares decoding every management call's argument (a whole Wasm module)
        }
        Subnet destination = switch (message) {
            case Message.Request request ->
                request.receiver().equals(IcInstance.MANAGEMENT_CANISTER)
                        ? managementDestination(from, request.method(), request.argument())
                        : hosting(request.receiver());
            case Message.Response response -> hosting(response.receiver());
        };
        return destination != null ? destination : from;
    }

    /**
     * The replica's routing of a canister's call to {@code aaaaa-aa}: creation, randomness and HTTP outcalls run on the
     * caller's own subnet; a method about a canister runs on that canister's subnet (on the caller's when no subnet
     * hosts it, which then answers that the canister does not exist).
     */
    Subnet managementDestination(Subnet own, String method, byte[] argument) {
        Principal target = switch (method) {
            case "create_canister", "provisional_create_canister_with_cycles", "raw_rand", "http_request" -> null;
            case "deposit_cycles" ->
                decodedTarget(() ->
                        ManagementArgumentDecoder.canisterId(method, argument).canisterId());
            case "canister_info" ->
                decodedTarget(
                        () -> ManagementArgumentDecoder.canisterInfo(argument).canisterId());
            default -> ManagementCanister.targetCanister(method, argument);
        };
        Subnet hosting = target == null ? null : hosting(target);
        return hosting != null ? hosting : own;
    }

    private static Principal decodedTarget(Supplier<Principal> decode) {
        try {
            return decode.get();
        } catch (InvalidManagementArgumentException invalid) {
            return null; // the caller's subnet rejects the payload
        }
    }

    /** Puts a message into the stream to another subnet: it arrives after this round. */
    void send(Subnet destination, Message message) {
        inFlight.add(new InFlight(destination, message));
    }

    /** One round on every subnet, then the messages they sent each other enter their destinations' queues. */
    void executeRound() {
        for (Subnet subnet : subnets) {
            subnet.executeRound();
        }
        List<InFlight> arrived = List.copyOf(inFlight);
        inFlight.clear();
        arrived.forEach(message -> message.destination().induct(message.message()));
    }

    /** Whether a round would execute something: queued messages, messages between subnets, or due timers. */
    boolean hasWork() {
        return !inFlight.isEmpty() || subnets.stream().anyMatch(s -> s.hasQueuedMessages() || s.hasDueTimers());
    }

    void close() {
        subnets.forEach(Subnet::close);
        inFlight.clear();
    }
}
