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
    raw_rand : () -> async Blob;
  };

  /** The size of the randomness the management canister answers with (a round later). */
  public func randomBytes() : async Nat {
    (await ic.raw_rand()).size();
  };

  var lowMemoryRuns = 0;

  system func lowmemory() : async* () {
    lowMemoryRuns += 1;
  };

  public query func lowMemoryHookRuns() : async Nat {
    lowMemoryRuns;
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

  var kept : [var Nat] = [var];

  public func allocate(mib : Nat) : async () {
    kept := Prim.Array_init<Nat>(mib * 1024 * 128, 0);
  };

  public query func memorySize() : async Nat {
    Prim.rts_memory_size();
  };

  public query func version() : async Nat64 {
    Prim.canisterVersion();
  };

  /** The reply callback traps, and so does the cleanup that runs the finally block. */
  public func trapInCallbackAndCleanup() : async () {
    try {
      await ping();
      Prim.trap("in the callback");
    } finally {
      Prim.trap("in the cleanup");
    };
  };

  public func envVarNames() : async [Text] {
    Prim.envVarNames<system>();
  };

  public func envVar(name : Text) : async ?Text {
    Prim.envVar<system>(name);
  };

  public func burn(amount : Nat) : async Nat {
    Prim.cyclesBurn<system>(amount);
  };

  public query func balance() : async Nat {
    Prim.cyclesBalance();
  };

  /** Sends up to n calls to itself in one message; returns how many it sent before the system refused one. */
  public func flood(n : Nat) : async Nat {
    var sent = 0;
    try {
      while (sent < n) {
        ignore ping();
        sent += 1;
      };
    } catch (_) {};
    sent;
  };

  public func deadline() : async Nat64 {
    Prim.replyDeadline();
  };

  /** The deadline the callee sees for a best-effort call with a 5 s timeout. */
  public func deadlineOfBestEffortCall() : async Nat64 {
    await (with timeout = 5) deadline();
  };

  /** Answers a round later at the earliest (it waits for raw_rand). */
  public func slowPing() : async () {
    ignore await ic.raw_rand();
  };

  /** A best-effort call that cannot be answered before its 1 s deadline if time moves on. */
  public func bestEffortCall() : async Text {
    try {
      await (with timeout = 1) slowPing();
      "replied";
    } catch (e) {
      debug_show (Error.code(e)) # " " # Error.message(e);
    };
  };

  /** The reject text a management-canister call about a canister it does not control gets. */
  public func statusOf(other : Principal) : async Text {
    try {
      ignore await ic.canister_status({ canister_id = other });
      "no error";
    } catch (e) {
      Error.message(e);
    };
  };

  /** canister_status of itself, which the spec allows even when the canister does not control itself. */
  public func ownStatus() : async [Principal] {
    let status = await ic.canister_status({ canister_id = Prim.principalOfActor(Replica) });
    status.settings.controllers;
  };
};
