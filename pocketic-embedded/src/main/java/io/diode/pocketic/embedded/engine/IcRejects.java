package io.diode.pocketic.embedded.engine;

import io.diode.pocketic.embedded.api.CallResult.Reject;
import io.diode.pocketic.embedded.api.RejectCode;
import org.ic4j.types.Principal;

/** The rejects the IC gives, with its error codes and (closely modelled) message texts. */
final class IcRejects {

    private IcRejects() {}

    static Reject canisterNotFound(Principal canister) {
        return new Reject(
                RejectCode.DESTINATION_INVALID, "Canister " + PrincipalText.of(canister) + " not found", "IC0301");
    }

    /**
     * A call to a canister id that no subnet hosts. Message routing makes this reject (the replica's stream
     * builder), not execution, so its text has no error code in front even for a calling canister; the code
     * here is the one an ingress message to a missing canister gets.
     */
    static Reject noRoute(Principal canister) {
        return new Reject(
                RejectCode.DESTINATION_INVALID, "No route to canister " + PrincipalText.of(canister), "IC0301");
    }

    static Reject methodNotFound(Principal canister, String kind, String method) {
        return new Reject(
                RejectCode.DESTINATION_INVALID,
                "Error from Canister " + canister + ": Canister has no " + kind + " method '" + method + "'.",
                "IC0536");
    }

    static Reject moduleNotFound(Principal canister) {
        return new Reject(
                RejectCode.DESTINATION_INVALID,
                "Error from Canister " + canister
                        + ": Attempted to execute a message, but the canister contains no Wasm module..\n"
                        + "Please install code to this canister before calling it. See documentation: "
                        + "https://internetcomputer.org/docs/current/references/execution-errors#wasm-module-not-found",
                "IC0537");
    }

    /** An ingress message to a canister without code: the replica's ingress filter refuses it at submission. */
    static Reject moduleNotFoundAtSubmission() {
        return new Reject(RejectCode.DESTINATION_INVALID, "Requested canister has no wasm module", "IC0537");
    }

    static Reject stopped(Principal canister) {
        return new Reject(RejectCode.CANISTER_ERROR, "Canister " + canister + " is stopped", "IC0508");
    }

    static Reject stopping(Principal canister) {
        return new Reject(RejectCode.CANISTER_ERROR, "Canister " + canister + " is stopping", "IC0509");
    }

    static Reject outOfCycles(Principal canister, java.math.BigInteger needed) {
        return new Reject(
                RejectCode.SYS_TRANSIENT,
                "Canister " + canister
                        + " is out of cycles: please top up the canister with at least " + needed
                        + " additional cycles",
                "IC0207");
    }

    /**
     * The replica's reject (its {@code CanisterOutOfCyclesError}, IC0501) when a canister cannot reserve the cycles
     * for an update's instruction limit; how many cycles are missing is told to controllers only.
     */
    static Reject executionOutOfCycles(Principal canister, java.math.BigInteger missing) {
        return new Reject(
                RejectCode.CANISTER_ERROR,
                "Canister " + canister + " is out of cycles"
                        + (missing == null
                                ? ""
                                : ": please top up the canister with at least " + missing + " additional cycles"),
                "IC0501");
    }

    /** The replica's reject when a canister cannot reserve the cycles for its install's instruction limit. */
    static Reject installOutOfCycles(
            Principal canister,
            java.math.BigInteger requested,
            java.math.BigInteger available,
            java.math.BigInteger freezingThreshold) {
        return new Reject(
                RejectCode.CANISTER_ERROR,
                "Canister installation failed with `Canister " + canister
                        + " is out of cycles: requested " + cycles(requested) + " cycles but the available balance is "
                        + cycles(available) + " cycles and the freezing threshold " + cycles(freezingThreshold)
                        + " cycles`.",
                "IC0501");
    }

    /** An amount as the replica prints cycles: digits grouped by underscores ({@code 600_005_000_000}). */
    static String cycles(java.math.BigInteger amount) {
        return String.format(java.util.Locale.ROOT, "%,d", amount).replace(',', '_');
    }

    static Reject didNotReply(Principal canister) {
        return new Reject(RejectCode.CANISTER_ERROR, "Canister " + canister + " did not produce a response", "IC0506");
    }

    /** A user's management call on a canister it does not control: the replica's ingress filter refuses it. */
    static Reject notControllerOfIngress(Principal canister, String method) {
        return new Reject(
                RejectCode.CANISTER_ERROR,
                "Only controllers of canister " + canister + " can call ic00 method " + method,
                "IC0512");
    }

    /**
     * A canister's management call on a canister it does not control. The replica's text differs (its
     * {@code CanisterInvalidController}: {@code Only the controllers of the canister <id> can control it.}, the
     * controllers, the sender's id and a help line): a known deviation.
     */
    static Reject notController(Principal canister, Principal sender, String method) {
        return new Reject(
                RejectCode.CANISTER_ERROR,
                "Only controllers of canister " + canister + " can call ic00 method " + method + ". Sender " + sender
                        + " is not a controller.",
                "IC0512");
    }

    static Reject unknownManagementMethod(String method) {
        return new Reject(
                RejectCode.DESTINATION_INVALID, "Management canister has no method '" + method + "'", "IC0407");
    }

    static Reject invalidManagementPayload(String detail) {
        return new Reject(RejectCode.CANISTER_ERROR, "Error decoding candid: " + detail, "IC0408");
    }

    /** A chunk store refusal ({@code CanisterManagerError::WasmChunkStoreError}), with the replica's help text. */
    static Reject wasmChunkStore(String message) {
        return new Reject(
                RejectCode.CANISTER_ERROR,
                "Error from Wasm chunk store: " + message + ".\nUse the"
                        + " `stored_chunks` API to check which hashes are present or top up the canister if it is low on"
                        + " cycles. See documentation: http://internetcomputer.org/docs/current/references/execution-errors"
                        + "#wasm-chunk-store-error",
                "IC0504");
    }

    static Reject invalidWasm(Principal canister, String detail) {
        return new Reject(
                RejectCode.CANISTER_ERROR,
                "Error from Canister " + canister + ": Canister's Wasm module is not valid: " + detail,
                "IC0505");
    }

    static Reject notEmpty(Principal canister) {
        return new Reject(
                RejectCode.CANISTER_ERROR,
                "Canister " + canister
                        + " cannot be installed because the canister is not empty. Try installing with mode='reinstall'"
                        + " instead.",
                "IC0538");
    }

    static Reject notStopped(Principal canister) {
        return new Reject(
                RejectCode.CANISTER_ERROR, "Canister " + canister + " must be stopped before it is deleted.", "IC0510");
    }

    static Reject insufficientCyclesForCreate(java.math.BigInteger available, java.math.BigInteger fee) {
        return new Reject(
                RejectCode.CANISTER_REJECT,
                "Creating a canister requires a fee of " + fee
                        + " that is deducted from the canister's initial balance but only " + available
                        + " cycles were received with the create_canister request.",
                "IC0403");
    }

    static Reject compositeQueryInReplicatedMode() {
        return new Reject(RejectCode.CANISTER_ERROR, "Composite query cannot be called in replicated mode", "IC0527");
    }

    static Reject callGraphTooDeep() {
        return new Reject(
                RejectCode.CANISTER_ERROR, "Composite query calls exceeded the maximum call depth.", "IC0525");
    }

    static Reject callGraphInstructionLimit() {
        return new Reject(RejectCode.CANISTER_ERROR, "Composite query calls exceeded the instruction limit.", "IC0526");
    }

    static Reject queryTimeLimit() {
        return new Reject(RejectCode.CANISTER_ERROR, "Composite query call exceeded the time limit.", "IC0528");
    }
}
