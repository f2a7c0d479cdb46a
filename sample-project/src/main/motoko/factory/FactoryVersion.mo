/// THE version of the Factory code, reported by `get_version`. Bump it with every change to the
/// Factory's sources; the build's manifest must agree with it (the build may generate this file).
module {
  public let VERSION : Nat = 1;
};
