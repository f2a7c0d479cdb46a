import Nat "mo:core/Nat";
import Step "../common/Step";

persistent actor Counter {
  var count : Nat = 0;
  public func inc() : async Nat { count := Step.next(count); count };
  public query func show() : async Text { Nat.toText(count) };
};
