// Work that tests the engine's execution limits: deep recursion, CPU-bound loops, heap and stable-memory growth.
import Array "mo:core/Array";
import Region "mo:core/Region";

persistent actor Stress {
  var kept : [[Nat]] = [];
  var counter : Nat = 0;

  func depth(n : Nat) : Nat {
    if (n == 0) 0 else 1 + depth(n - 1)
  };

  /// Recurses `n` calls deep and answers the depth reached.
  public func recurse(n : Nat) : async Nat {
    depth(n)
  };

  public query func recurseQuery(n : Nat) : async Nat {
    depth(n)
  };

  /// A CPU-bound loop of `iterations` rounds (bounded, so a test can wait for it).
  public func spin(iterations : Nat) : async Nat {
    var i = 0;
    var acc = 0;
    while (i < iterations) {
      acc := (acc + i * 7) % 1_000_003;
      i += 1
    };
    counter += 1;
    acc
  };

  public query func count() : async Nat {
    counter
  };

  // one MiB: 131,072 words of 8 bytes (small Nats are stored unboxed)
  func keep(mib : Nat) : Nat {
    var i = 0;
    while (i < mib) {
      kept := Array.concat(kept, [Array.repeat<Nat>(i, 131_072)]);
      i += 1
    };
    kept.size()
  };

  /// Keeps `mib` more MiB of live heap; answers the MiB kept in all.
  public func allocate(mib : Nat) : async Nat {
    keep(mib)
  };

  /// Like `allocate`, then traps: everything it did must be rolled back.
  public func allocateThenTrap(mib : Nat) : async () {
    ignore keep(mib);
    assert false
  };

  public query func kept_mib() : async Nat {
    kept.size()
  };

  let region = Region.new();

  /// Grows a region of stable memory by `pages` 64 KiB pages; answers the previous size or 0xFFFF_FFFF_FFFF_FFFF.
  public func growStable(pages : Nat64) : async Nat64 {
    Region.grow(region, pages)
  };

  public query func stablePages() : async Nat64 {
    Region.size(region)
  };
};
