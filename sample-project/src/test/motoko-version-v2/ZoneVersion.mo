/// Version 2 of the Zone code for UpgradeIT (see FactoryVersion.mo in this directory).
module {
  public let VERSION : Nat = 2;
};
