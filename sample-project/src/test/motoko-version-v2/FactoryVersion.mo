/// Version 2 of the Factory for UpgradeIT: the `build-canisters-v2` execution in pom.xml compiles the
/// unchanged sources with the package `version` mapped to this directory.
module {
  public let VERSION : Nat = 2;
};
