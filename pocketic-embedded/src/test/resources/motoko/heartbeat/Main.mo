// Counts heartbeats: the IC runs canister_heartbeat once per round.
persistent actor {
  var beats : Nat = 0;

  system func heartbeat() : async () {
    beats += 1;
  };

  public query func count() : async Nat {
    beats
  };
};
