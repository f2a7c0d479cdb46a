// A child canister the factory creates: it remembers its owner and a name.
persistent actor class Child(owner : Principal, name : Text) {
  public query func info() : async (Principal, Text) {
    (owner, name)
  };

  public query func version() : async Nat {
    1
  };
};
