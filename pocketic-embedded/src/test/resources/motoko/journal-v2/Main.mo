// journal, version 2: the same state and methods, reporting version 2 (for snapshots taken before an upgrade).
import Debug "mo:core/Debug";
import Region "mo:core/Region";
import Runtime "mo:core/Runtime";
import Nat "mo:core/Nat";

persistent actor Journal {
  var count : Nat = 0;
  let region = Region.new();
  ignore Region.grow(region, 1);

  public query func version() : async Nat { 2 };

  public func inc() : async Nat {
    count += 1;
    Debug.print("count is " # Nat.toText(count));
    count
  };

  public query func get() : async Nat { count };

  /// Writes `value` into stable memory (the region's first 8 bytes).
  public func store(value : Nat64) : async () {
    Region.storeNat64(region, 0, value);
  };

  public query func load() : async Nat64 { Region.loadNat64(region, 0) };

  /// Prints `text` `times` times (each print is one log record).
  public func print(text : Text, times : Nat) : async () {
    var i = 0;
    while (i < times) {
      Debug.print(text);
      i += 1;
    };
  };

  /// Prints, changes the counter, then traps: the change is rolled back, the print and the trap are logged.
  public func failWith(message : Text) : async Nat {
    Debug.print("about to fail");
    count += 1000;
    Runtime.trap(message)
  };

  /// A query that prints: queries executed as queries leave no log records.
  public query func peek() : async Nat {
    Debug.print("peek");
    count
  };
};
