// Factory: creates one Zone canister per Diode zone, funds and upgrades them.
// Minimal for now: the full canister (creation, battery, upgrades) is issue 6.
persistent actor Factory {
  public query func get_version() : async Nat { 1 };
};
