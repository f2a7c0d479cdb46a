/// THE version of the Factory code, reported by `get_version`. Bump it with every change to the
/// Factory's sources, together with the factory's <version> in pom.xml (VersionCheckIT checks that
/// they agree). Imported as `mo:version/FactoryVersion`: the build maps the package `version` to this
/// directory, and the upgrade test's second build maps it to src/test/motoko-version-v2 instead, which
/// is how the same sources are compiled as version 2.
module {
  public let VERSION : Nat = 1;
};
