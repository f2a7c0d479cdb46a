persistent actor Bad {
  public query func bad() : async Nat {
    let x : Nat = "not a number"; x };
};
