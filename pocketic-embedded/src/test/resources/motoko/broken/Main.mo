// A module whose post_upgrade always traps: upgrading to it must leave the old canister untouched.
import Runtime "mo:core/Runtime";

persistent actor class Broken(initial : Nat) {
  var count : Nat = initial;
  var upgrades : Nat = 0;

  public query func get() : async Nat {
    count
  };

  system func postupgrade() {
    Runtime.trap("post_upgrade refuses")
  };
};
