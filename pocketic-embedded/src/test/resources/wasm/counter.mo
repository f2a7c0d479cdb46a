import Debug "mo:core/Debug";
import Runtime "mo:core/Runtime";
persistent actor Counter {
  var n : Nat = 0;
  var log : [Nat] = [];
  public func inc() : async Nat { n += 1; n };
  public func add(k : Nat) : async Nat { n += k; n };
  public query func get() : async Nat { n };
  public func greet(name : Text) : async Text { Debug.print("greeting " # name); "Hello, " # name # "!" };
  public func fail_after_inc() : async () { n += 1000; Runtime.trap("deliberate failure") };
  public func div(a : Int, b : Int) : async Int { a / b };
  public func recurse(k : Nat) : async Nat { func r(i : Nat) : Nat { if (i == 0) 0 else 1 + r(i - 1) }; r(k) };
  public func spin() : async () { var i = 0; loop { i += 1 } };
  public func grow(count : Nat) : async Nat { var a = log; var i = 0; while (i < count) { a := [i]; i += 1 }; log := a; log.size() };
};
