// A counter whose state survives upgrades (enhanced orthogonal persistence), with methods that trap
// after changing state (to check rollback) and that accept cycles.
import Cycles "mo:core/Cycles";
import Runtime "mo:core/Runtime";
import Principal "mo:core/Principal";

persistent actor class Counter(initial : Nat) {
  var count : Nat = initial;
  var upgrades : Nat = 0;

  public func inc() : async Nat {
    count += 1;
    count
  };

  public func add(n : Nat) : async Nat {
    count += n;
    count
  };

  public query func get() : async Nat {
    count
  };

  public query func upgradeCount() : async Nat {
    upgrades
  };

  /// Changes the state, then traps: the IC must roll the change back.
  public func incThenTrap() : async Nat {
    count += 1000;
    Runtime.trap("boom after increment")
  };

  /// Accepts up to `max` of the cycles attached to the call.
  public func deposit(max : Nat) : async Nat {
    let available = Cycles.available();
    Cycles.accept<system>(if (available < max) available else max)
  };

  public query func balance() : async Nat {
    Cycles.balance()
  };

  public func blobSize(data : Blob) : async Nat {
    data.size()
  };

  public query (msg) func whoami() : async Principal {
    msg.caller
  };

  system func postupgrade() {
    upgrades += 1;
  };
};
