// Test-only canister (ZoneRequestIT; built by the `build-test-canisters` execution, not shipped): calls
// another canister with cycles attached, as a zone owner's canister pays the Factory's `request_zone`.
// Ingress messages carry no cycles, so a test needs a canister in between.
//
// What came back unaccepted is read from this canister's balance, not `Cycles.refunded()`: moc routes a
// raw call through an internal async helper that takes the attached cycles and gets the refund itself,
// so `refunded` here is always 0 (measured with moc of npm motoko 4.10.0).
import Error "mo:core/Error";
// The primitive: `(with cycles)` on `mo:core/InternetComputer.call`, a function value bound to it,
// attaches nothing (measured: the callee saw 0 cycles available).
import Prim "mo:⛔";

persistent actor CyclesForwarder {
  public type Forwarded = {
    /// The callee's Candid reply; null when it rejected (`reject` says why).
    reply : ?Blob;
    reject : ?Text;
  };

  /// Calls `method` of `callee` with the Candid `argument` and `cycles` attached.
  public func forward(callee : Principal, method : Text, argument : Blob, cycles : Nat) : async Forwarded {
    try {
      { reply = ?(await (with cycles) Prim.call_raw(callee, method, argument)); reject = null };
    } catch (e) {
      { reply = null; reject = ?Error.message(e) };
    };
  };
};
