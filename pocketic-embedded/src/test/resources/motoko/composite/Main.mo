// Composite queries: several instances of this canister read one another. Each composite query changes its own
// state first and the queries it calls change theirs, so the tests can check that every change is discarded.
import Error "mo:core/Error";
import Principal "mo:core/Principal";
import Runtime "mo:core/Runtime";
import VarArray "mo:core/VarArray";

persistent actor Reader {
  type Peer = actor {
    value : query () -> async Nat;
    bumpAndRead : query () -> async Nat;
    trapping : query () -> async Nat;
    readVia : composite query (Principal) -> async Nat;
    chain : composite query (Nat) -> async Nat;
    // really an update method: typed as a query so that a composite query may try to call it
    inc : query () -> async Nat;
  };

  var count : Nat = 0;
  /// Live heap that every query's snapshot has to account for (the benchmark grows it to canister-like sizes).
  var ballast : [var Nat] = [var];

  func peer(id : Principal) : Peer = actor (Principal.toText(id));

  public func set(n : Nat) : async () { count := n };

  public func inc() : async Nat { count += 1; count };

  /// Replaces the ballast by `mib` MiB of non-zero words.
  public func grow(mib : Nat) : async () { ballast := VarArray.repeat<Nat>(1, mib * 131_072) };

  public query func value() : async Nat { count };

  /// Changes the state, then answers with it: the change is discarded, as every query's.
  public query func bumpAndRead() : async Nat { count += 100; count };

  public query func trapping() : async Nat {
    count += 1;
    Runtime.trap("callee trapped on purpose")
  };

  /// `other`'s value, read by a composite query that changed its own state first.
  public composite query func readVia(other : Principal) : async Nat {
    count += 7;
    await peer(other).value()
  };

  /// Own count after a local change, `b` bumped twice (each call sees b's state before the query), `c`'s value,
  /// and `b`'s value read through `c`'s composite query.
  public composite query func combined(b : Principal, c : Principal) : async (Nat, Nat, Nat, Nat, Nat) {
    count += 1000;
    let first = await peer(b).bumpAndRead();
    let second = await peer(b).bumpAndRead();
    let direct = await peer(c).value();
    let viaC = await peer(c).readVia(b);
    (count, first, second, direct, viaC)
  };

  /// Own count after a local change, and the count a call to itself sees.
  public composite query func selfView() : async (Nat, Nat) {
    count += 1000;
    let seen = await peer(Principal.fromActor(Reader)).value();
    (count, seen)
  };

  public composite query func callUpdate(other : Principal) : async Text {
    try { ignore await peer(other).inc(); "no error" } catch (e) { describe(e) }
  };

  public composite query func callTrapping(other : Principal) : async Text {
    try { ignore await peer(other).trapping(); "no error" } catch (e) { describe(e) }
  };

  /// Calls itself `hops` times, one inside the other: a call graph `hops` calls deep.
  public composite query func chain(hops : Nat) : async Nat {
    if (hops == 0) { return count };
    1 + (await peer(Principal.fromActor(Reader)).chain(hops - 1))
  };

  /// Reads `other` `times` times, one call after the other.
  public composite query func fanOut(other : Principal, times : Nat) : async Nat {
    var total = 0;
    var i = 0;
    while (i < times) {
      total += await peer(other).value();
      i += 1;
    };
    total
  };

  func describe(e : Error.Error) : Text {
    let code = switch (Error.code(e)) {
      case (#destination_invalid) "destination_invalid";
      case (#canister_reject) "canister_reject";
      case (#canister_error) "canister_error";
      case (#system_transient) "system_transient";
      case (#system_fatal) "system_fatal";
      case _ "other";
    };
    code # ": " # Error.message(e)
  };
};
