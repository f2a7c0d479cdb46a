// Calls other canisters: forwards calls, attaches cycles, and chains through another wallet.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Cycles "mo:core/Cycles";
import Error "mo:core/Error";
import Principal "mo:core/Principal";

persistent actor Wallet {
  type Counter = actor {
    inc : () -> async Nat;
    incThenTrap : () -> async Nat;
    deposit : (Nat) -> async Nat;
    missing : () -> async ();
  };
  type Peer = actor {
    incVia : (Principal) -> async Nat;
  };

  var lastRefund : Nat = 0;

  public func incVia(counter : Principal) : async Nat {
    let target : Counter = actor (Principal.toText(counter));
    await target.inc()
  };

  /// wallet -> peer wallet -> counter: a chain of two inter-canister calls.
  public func incViaPeer(peer : Principal, counter : Principal) : async Nat {
    let p : Peer = actor (Principal.toText(peer));
    await p.incVia(counter)
  };

  /// Sends `amount` cycles with a deposit of at most `accept`; returns the refund.
  public func sendCycles(counter : Principal, amount : Nat, accept : Nat) : async Nat {
    let target : Counter = actor (Principal.toText(counter));
    ignore await (with cycles = amount) target.deposit(accept);
    lastRefund := Cycles.refunded();
    lastRefund
  };

  /// Calls a method that traps; returns the reject message.
  public func callTrapping(counter : Principal) : async Text {
    let target : Counter = actor (Principal.toText(counter));
    try {
      ignore await target.incThenTrap();
      "no error"
    } catch (e) {
      Error.message(e)
    }
  };

  public func callMissing(counter : Principal) : async Text {
    let target : Counter = actor (Principal.toText(counter));
    try {
      await target.missing();
      "no error"
    } catch (e) {
      Error.message(e)
    }
  };

  /// Sends a blob of `size` bytes to the counter's blobSize.
  public func sendBlob(counter : Principal, size : Nat) : async Nat {
    let target : actor { blobSize : Blob -> async Nat } = actor (Principal.toText(counter));
    await target.blobSize(Blob.fromArray(Array.tabulate<Nat8>(size, func _ = 0)))
  };

  /// Calls a composite query from an update: replicated mode, which the IC refuses.
  public func callComposite(target : Principal) : async Text {
    let t : actor { chain : (Nat) -> async Nat } = actor (Principal.toText(target));
    try {
      ignore await t.chain(0);
      "no error"
    } catch (e) {
      Error.message(e)
    }
  };

  public query func balance() : async Nat {
    Cycles.balance()
  };
};
