module {
  public func next(n : Nat) : Nat { n + 1 };
};
