package io.diode.sample;

import io.diode.candid.CandidActors;
import io.diode.candid.CandidInterface;
import io.diode.candid.CandidService;
import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.PendingCall;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Principals;
import io.diode.pocketic.client.Sender;
import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Function;
import org.ic4j.types.Principal;

/**
 * The test-only canister {@code src/test/motoko/canisters/CyclesForwarder.mo}: it calls another canister with cycles
 * attached (ingress messages carry none), as a zone owner's canister pays the Factory's {@code request_zone}. A call
 * is written on the callee's typed actor; its Candid argument and reply travel through {@code forward} as blobs.
 */
final class CyclesForwarder {

    /** The forwarder's service, as {@code CyclesForwarder.mo} declares it (the test build generates no actors). */
    @CandidService(did = """
            type Forwarded = record { reply : opt blob; reject : opt text };
            service : { forward : (principal, text, blob, nat) -> (Forwarded) }
            """)
    interface ForwarderActor {
        Forwarded forward(io.diode.candid.Principal callee, String method, byte[] argument, BigInteger cycles);

        /** The callee's Candid reply, or its reject text. Unaccepted cycles are seen in the forwarder's balance. */
        record Forwarded(Optional<byte[]> reply, Optional<String> reject) {}
    }

    private final PocketIc pic;
    private final Principal id;
    private final Principal controller;

    private CyclesForwarder(PocketIc pic, Principal id, Principal controller) {
        this.pic = pic;
        this.id = id;
        this.controller = controller;
    }

    static CyclesForwarder install(PocketIc pic, Principal controller, BigInteger cycles) {
        Principal canister = pic.createCanister(CanisterSettings.none(), cycles, Sender.of(controller));
        pic.installCode(
                canister,
                CanisterManifestFile.readTestBuildOutput().wasm("cycles-forwarder"),
                CandidArguments.encode(),
                Sender.of(controller));
        return new CyclesForwarder(pic, canister, controller);
    }

    Principal id() {
        return id;
    }

    /**
     * Submits {@code call}, one method of the {@code type} actor of {@code callee}, through the forwarder with
     * {@code cycles} attached; the test may answer what the callee waits on (an HTTP outcall) before awaiting it.
     */
    <T, R> Forwarding<R> submit(Class<T> type, Principal callee, BigInteger cycles, Function<T, R> call) {
        CandidInterface candid = CandidInterface.of(type);
        CandidInterface.Binding[] method = new CandidInterface.Binding[1];
        byte[][] argument = new byte[1][];
        call.apply(CandidActors.create(type, "forwarded to " + callee, (binding, encoded) -> {
            method[0] = binding;
            argument[0] = encoded;
            return null;
        }));
        if (method[0] == null) {
            throw new IllegalArgumentException("the function passed to submit must call one method of the actor");
        }
        PendingCall<ForwarderActor.Forwarded> forwarded = pic.deferredActor(
                        id, ForwarderActor.class, Sender.of(controller))
                .submit(forwarder ->
                        forwarder.forward(Principals.toCandid(callee), method[0].name(), argument[0], cycles));
        return new Forwarding<>(forwarded, candid, method[0]);
    }

    /** A forwarded call that has not completed yet. */
    static final class Forwarding<R> {
        private final PendingCall<ForwarderActor.Forwarded> forwarded;
        private final CandidInterface candid;
        private final CandidInterface.Binding method;

        private Forwarding(
                PendingCall<ForwarderActor.Forwarded> forwarded,
                CandidInterface candid,
                CandidInterface.Binding method) {
            this.forwarded = forwarded;
            this.candid = candid;
            this.method = method;
        }

        /** The callee's decoded reply; fails with the reject text when the callee rejected. */
        @SuppressWarnings("unchecked")
        R replied() {
            ForwarderActor.Forwarded result = forwarded.await();
            byte[] reply = result.reply()
                    .orElseThrow(() -> new AssertionError(
                            "the call was rejected: " + result.reject().orElse("?")));
            return (R) candid.decodeReply(method, reply);
        }
    }
}
