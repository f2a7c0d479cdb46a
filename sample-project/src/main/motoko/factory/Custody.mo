/// Who controls a Zone. Each Zone is under the custody of its zone's owners: they and the Factory are
/// its controllers, and the owners may remove the Factory. The Factory then treats the Zone as
/// self-managed: it no longer reads its balance, refills or upgrades it (pure rules, tested in
/// `CustodyTest.mo`).
import Array "mo:core/Array";
import Error "mo:core/Error";
import Nat "mo:core/Nat";
import Principal "mo:core/Principal";
import Text "mo:core/Text";

module {
  public type Custody = {
    /// The Factory is a controller: it refills and upgrades the Zone.
    #Factory;
    /// The owners removed the Factory from the controllers (noticed at `since_ns`).
    #SelfManaged : { since_ns : Int; reason : Text };
  };

  /// A canister has at most 10 controllers (IC interface specification); one is the Factory.
  public let MAX_OWNERS : Nat = 9;

  /// Checks the owners of a new Zone; the error says what to fix.
  public func validateOwners(owners : [Principal], factory : Principal) : ?Text {
    if (owners.size() == 0) return ?"owners: at least one owner principal is required (the zone owners control the Zone)";
    if (owners.size() > MAX_OWNERS) {
      return ?("owners: at most " # Nat.toText(MAX_OWNERS) # " owners (a canister has at most 10 controllers, one is the Factory), got " # Nat.toText(owners.size()));
    };
    for (i in owners.keys()) {
      let owner = owners[i];
      if (Principal.isAnonymous(owner)) return ?"owners: the anonymous principal cannot own a Zone";
      if (owner == factory) return ?"owners: the Factory is a controller anyway; list the zone owners only";
      for (j in Nat.range(0, i)) {
        if (owners[j] == owner) return ?("owners: " # Principal.toText(owner) # " is listed twice");
      };
    };
    null;
  };

  /// The controllers a new Zone gets: its owners, then the Factory.
  public func controllers(owners : [Principal], factory : Principal) : [Principal] {
    Array.concat(owners, [factory]);
  };

  /// Whether a management-canister reject says the Factory is not a controller of the canister
  /// (the replica's IC0512 "Only controllers of canister … can call ic00 method …", reject code 5).
  public func isNotController(code : Error.ErrorCode, message : Text) : Bool {
    code == #canister_error and Text.contains(message, #text "Only controllers of canister");
  };

  public func isOwner(owners : [Principal], caller : Principal) : Bool {
    Array.find<Principal>(owners, func(o) { o == caller }) != null;
  };
};
