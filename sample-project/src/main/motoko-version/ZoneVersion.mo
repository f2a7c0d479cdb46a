/// THE version of the Zone (ZAC) code. Bump it with every change to the Zone's sources, together with
/// the zone's <version> in pom.xml: the Factory passes it to the zones it creates and upgrades, and
/// each Zone reports it from `get_version`. Imported as `mo:version/ZoneVersion` (see FactoryVersion.mo).
module {
  public let VERSION : Nat = 1;
};
