// A factory whose children may live on another subnet: children it creates itself (actor classes) land on its own
// subnet; counters created elsewhere (e.g. by a test, on another subnet) it calls and manages through their ids.
import Child "Child";
import Error "mo:core/Error";
import Nat "mo:core/Nat";
import Principal "mo:core/Principal";

persistent actor Hub {
  type Counter = actor { inc : () -> async Nat };
  type Status = { #running; #stopping; #stopped };
  type Management = actor {
    canister_status : ({ canister_id : Principal }) -> async { status : Status };
    stop_canister : ({ canister_id : Principal }) -> async ();
    start_canister : ({ canister_id : Principal }) -> async ();
  };
  transient let ic : Management = actor "aaaaa-aa";

  public func spawn(name : Text) : async Principal {
    let child = await (with cycles = 2_000_000_000_000) Child.Child(Principal.fromActor(Hub), name);
    Principal.fromActor(child)
  };

  /// Calls `inc` of the counter, wherever it lives: "ok <count>", or "err <reject message>".
  public func bump(counter : Principal) : async Text {
    let c : Counter = actor (Principal.toText(counter));
    try { "ok " # Nat.toText(await c.inc()) } catch (e) { "err " # Error.message(e) }
  };

  public func stop(canister : Principal) : async () {
    await ic.stop_canister({ canister_id = canister });
  };

  public func start(canister : Principal) : async () {
    await ic.start_canister({ canister_id = canister });
  };

  public func status(canister : Principal) : async Text {
    switch ((await ic.canister_status({ canister_id = canister })).status) {
      case (#running) "running";
      case (#stopping) "stopping";
      case (#stopped) "stopped";
    }
  };
};
