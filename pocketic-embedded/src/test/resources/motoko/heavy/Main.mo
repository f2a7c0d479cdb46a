// Heavy computation in the style of Motoko's heap-64 benchmark: two arrays of 100,000 pseudo-random 64-bit values,
// each drawn from big-integer arithmetic. One `run` is about 2.6 billion instructions on the IC; `half` builds one
// array (about 1.3 billion). Both answer the instructions they counted.
import Prim "mo:⛔";

persistent actor Heavy {
  func nat64s(seed : Nat) : [Nat64] {
    var state = seed;
    Prim.Array_tabulate<Nat64>(100_000, func _ {
      state := (state + 17) * 57 % 9_223_372_036_854_775_805;
      Prim.intToNat64Wrap state
    })
  };

  func int64s(seed : Nat) : [Int64] {
    var state = seed;
    Prim.Array_tabulate<Int64>(100_000, func _ {
      state := (state + 17) * 57 % 18_446_744_073_709_551_631;
      Prim.intToInt64Wrap state
    })
  };

  public func half() : async Nat64 {
    let before = Prim.performanceCounter(0);
    let values = nat64s(7);
    assert values.size() == 100_000;
    Prim.performanceCounter(0) - before
  };

  public func run() : async Nat64 {
    let before = Prim.performanceCounter(0);
    let unsigned = nat64s(7);
    let signed = int64s(13);
    assert unsigned.size() + signed.size() == 200_000;
    Prim.performanceCounter(0) - before
  };

  // Spins until the instruction limit stops it: the update limit's reject, with everything rolled back.
  var spins : Nat = 0;
  public func spin() : async () {
    spins += 1;
    loop { spins += 1 }
  };

  public query func spinQuery() : async () {
    var n = 0;
    loop { n += 1 }
  };

  public query func spinsSoFar() : async Nat { spins };

  // Loops when an ingress argument is longer than 1,000 bytes: the inspect_message limit's reject.
  system func inspect({ arg : Blob }) : Bool {
    var n = 0;
    while (arg.size() > 1_000) { n += 1 };
    true
  };
};
