persistent actor App {
  public query func v() : async Nat { let unused = 1; 2 };
};
