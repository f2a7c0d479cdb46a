/// THE version of the Zone (ZAC) code. Bump it with every change to the Zone's sources: the Factory
/// passes it to the zones it creates and upgrades, and each Zone reports it from `get_version`.
/// The build's manifest must agree with it (the build may generate this file).
module {
  public let VERSION : Nat = 1;
};
