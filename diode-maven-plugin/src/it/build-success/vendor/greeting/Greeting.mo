module {
  public func greet(name : Text) : Text { "Hello, " # name # "!" };
};
