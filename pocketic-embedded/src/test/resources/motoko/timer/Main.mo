// Timers: a one-shot timer and a recurring one, driven by the IC's global timer.
import Timer "mo:core/Timer";

persistent actor {
  var fired : Nat = 0;
  var ticks : Nat = 0;
  transient var recurring : ?Timer.TimerId = null;

  public func schedule(seconds : Nat) : async () {
    ignore Timer.setTimer<system>(#seconds seconds, func() : async () { fired += 1 });
  };

  public func startRecurring(seconds : Nat) : async () {
    recurring := ?Timer.recurringTimer<system>(#seconds seconds, func() : async () { ticks += 1 });
  };

  public query func counts() : async (Nat, Nat) {
    (fired, ticks)
  };
};
