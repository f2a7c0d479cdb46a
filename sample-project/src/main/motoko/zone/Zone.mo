// Zone Availability Canister (ZAC): temporary encrypted-message storage for one Diode zone.
// Minimal for now: the full canister (messages, eviction, membership) is issue 6.
persistent actor class Zone() {
  public query func get_version() : async Nat { 1 };
};
