// A child the hub creates: it remembers its owner and a name.
persistent actor class Child(owner : Principal, name : Text) {
  public query func info() : async (Principal, Text) {
    (owner, name)
  };
};
