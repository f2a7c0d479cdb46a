package io.diode.sample;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.CanisterSettings;
import io.diode.pocketic.client.PocketIc;
import java.math.BigInteger;
import java.util.Optional;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;

/**
 * The test-only canister {@code src/test/motoko/canisters/CyclesForwarder.mo}: it calls another canister with cycles
 * attached (ingress messages carry none), as a zone owner's canister pays the Factory's {@code request_zone}.
 */
final class CyclesForwarder {
    private final PocketIc pic;
    private final Principal id;
    private final Principal controller;

    private CyclesForwarder(PocketIc pic, Principal id, Principal controller) {
        this.pic = pic;
        this.id = id;
        this.controller = controller;
    }

    static CyclesForwarder install(PocketIc pic, Principal controller, BigInteger cycles) {
        Principal canister = pic.createCanister(controller, CanisterSettings.none(), cycles, Optional.empty());
        pic.installCode(controller, canister, CanisterManifestFile.readTestBuildOutput().wasm("cycles-forwarder"),
                CandidArguments.encode());
        return new CyclesForwarder(pic, canister, controller);
    }

    Principal id() {
        return id;
    }

    /** Calls {@code method} of {@code callee} with {@code argument} and {@code cycles} attached; see {@link Forwarded}. */
    Forwarded forward(Principal callee, String method, byte[] argument, BigInteger cycles) {
        return Forwarded.from(CandidValue.decode(pic.updateCall(id, controller, "forward",
                forwardArguments(callee, method, argument, cycles))));
    }

    /** {@link #forward}, answering the one HTTP outcall the callee makes on the way ({@link PendingOutcallCall}). */
    PendingOutcallCall startForward(Principal callee, String method, byte[] argument, BigInteger cycles) {
        return PendingOutcallCall.submit(pic, id, controller, "forward", forwardArguments(callee, method, argument, cycles));
    }

    private static byte[] forwardArguments(Principal callee, String method, byte[] argument, BigInteger cycles) {
        return CandidArguments.encode(callee, method, argument, IDLValue.create(cycles, IDLType.createType(Type.NAT)));
    }

    /** The callee's reply or reject text. Unaccepted cycles are seen in the forwarder's balance (see the .mo file). */
    record Forwarded(Optional<CandidValue> reply, Optional<String> reject) {

        static Forwarded from(CandidValue value) {
            return new Forwarded(value.field("reply").opt().map(blob -> CandidValue.decode(blob.blob())),
                    value.field("reject").opt().map(CandidValue::text));
        }

        /** The callee's reply; fails with the reject text when it rejected. */
        CandidValue replied() {
            return reply.orElseThrow(() -> new AssertionError("the call was rejected: " + reject.orElse("?")));
        }
    }
}
