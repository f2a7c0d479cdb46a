// Exercises replica behaviours the engine reproduces: reject texts a caller sees, cleanup failures, routing,
// environment variables, cycles_burn128 and a canister reading its own status.
import Prim "mo:⛔";
import Error "mo:core/Error";

persistent actor Replica {

  type EnvVar = { name : Text; value : Text };

  transient let ic = actor "aaaaa-aa" : actor {
    canister_status : shared { canister_id : Principal } -> async {
      cycles : Nat;
      settings : { controllers : [Principal]; environment_variables : [EnvVar] };
    };
  };

  public func explicitTrap() : async () {
    Prim.trap("stop here");
  };

  public func divideByZero(n : Nat) : async Nat {
    let zero : Nat = n - n;
    n / zero;
  };

  /** What a caller sees when the callee traps: the error's text as a calling canister gets it. */
  public func callTrapping() : async Text {
    try {
      await explicitTrap();
      "no error";
    } catch (e) {
      Error.message(e);
    };
  };

  /** A call to a principal no subnet hosts. */
  public func callNowhere() : async Text {
    let nowhere = actor "bfozs-kwa73-7nadi" : actor { m : () -> async () };
    try {
      await nowhere.m();
      "no error";
    } catch (e) {
      debug_show (Error.code(e)) # " " # Error.message(e);
    };
  };

  public func ping() : async () {};

  /** The reply callback traps, and so does the cleanup that runs the finally block. */
  public func trapInCallbackAndCleanup() : async () {
    try {
      await ping();
      Prim.trap("in the callback");
    } finally {
      Prim.trap("in the cleanup");
    };
  };

  public query func envVarNames() : async [Text] {
    Prim.envVarNames<system>();
  };

  public query func envVar(name : Text) : async ?Text {
    Prim.envVar<system>(name);
  };

  public func burn(amount : Nat) : async Nat {
    Prim.cyclesBurn<system>(amount);
  };

  public query func balance() : async Nat {
    Prim.cyclesBalance();
  };

  /** canister_status of itself, which the spec allows even when the canister does not control itself. */
  public func ownStatus() : async [Principal] {
    let status = await ic.canister_status({ canister_id = Prim.principalOfActor(Replica) });
    status.settings.controllers;
  };
};
