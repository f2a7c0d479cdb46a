/// The byte memory behind the Zone's message log: a stable-memory `Region` in the canister, or a
/// growable heap byte array in the Motoko interpreter.
///
/// Why two backings: the canister keeps ciphertexts in stable memory so they cost no heap (and no
/// garbage-collector work), but Motoko's interpreter, which runs the unit tests (`run-tests.js`),
/// has no regions (`regionNew` is not implemented there). Both backings expose the same little-endian
/// load/store operations, so `MessageStore`'s ring-buffer logic is the same code under test and in
/// production; the region path is exercised end to end by the Java integration tests.
///
/// Why a variant rather than an object: the log lives in stable actor state, and only data (a `Region`
/// is stable data) survives upgrades.
import Region "mo:core/Region";
import Nat "mo:core/Nat";
import Nat64 "mo:core/Nat64";
import Nat32 "mo:core/Nat32";
import Nat8 "mo:core/Nat8";
import Blob "mo:core/Blob";
import VarArray "mo:core/VarArray";
import Runtime "mo:core/Runtime";

module {
  /// Bytes per stable-memory page (the unit of `Region.grow`).
  public let PAGE_BYTES : Nat = 65_536;

  public type LogMemory = {
    #region : Region.Region;
    #heap : { var bytes : [var Nat8] };
  };

  /// A new, empty stable-memory region (canister only; traps in the interpreter).
  public func newRegion() : LogMemory = #region(Region.new());

  /// A new, empty heap-backed memory (for the interpreter's unit tests).
  public func newHeap() : LogMemory = #heap({ var bytes = [var] });

  /// Bytes currently addressable.
  public func size(memory : LogMemory) : Nat {
    switch memory {
      case (#region r) Nat64.toNat(Region.size(r)) * PAGE_BYTES;
      case (#heap h) h.bytes.size();
    };
  };

  /// Makes at least `bytes` bytes addressable. A region grows in whole pages (the runtime reserves
  /// stable memory for regions in blocks of 128 pages, 8 MiB).
  public func ensure(memory : LogMemory, bytes : Nat) {
    if (size(memory) >= bytes) return;
    switch memory {
      case (#region r) {
        let pages = bytes / PAGE_BYTES + (if (bytes % PAGE_BYTES == 0) 0 else 1);
        let missing = Nat.sub(pages, Nat64.toNat(Region.size(r)));
        if (Region.grow(r, Nat64.fromNat(missing)) == 0xFFFF_FFFF_FFFF_FFFF) {
          Runtime.trap("stable memory exhausted: cannot grow the message log to " # debug_show bytes # " bytes; lower storage_limit_bytes");
        };
      };
      case (#heap h) {
        // Doubling keeps repeated small growth linear overall.
        let target = if (bytes > 2 * h.bytes.size()) bytes else 2 * h.bytes.size();
        let old = h.bytes;
        h.bytes := VarArray.tabulate<Nat8>(target, func i = if (i < old.size()) old[i] else 0);
      };
    };
  };

  public func loadNat8(memory : LogMemory, offset : Nat) : Nat8 {
    switch memory {
      case (#region r) Region.loadNat8(r, Nat64.fromNat(offset));
      case (#heap h) h.bytes[offset];
    };
  };

  public func storeNat8(memory : LogMemory, offset : Nat, value : Nat8) {
    switch memory {
      case (#region r) Region.storeNat8(r, Nat64.fromNat(offset), value);
      case (#heap h) h.bytes[offset] := value;
    };
  };

  /// Little-endian, like the region's own loads.
  public func loadNat64(memory : LogMemory, offset : Nat) : Nat64 {
    switch memory {
      case (#region r) Region.loadNat64(r, Nat64.fromNat(offset));
      case (#heap h) {
        var value : Nat64 = 0;
        var i = 8;
        while (i > 0) {
          i -= 1;
          value := (value << 8) | Nat64.fromNat(Nat8.toNat(h.bytes[offset + i]));
        };
        value;
      };
    };
  };

  public func storeNat64(memory : LogMemory, offset : Nat, value : Nat64) {
    switch memory {
      case (#region r) Region.storeNat64(r, Nat64.fromNat(offset), value);
      case (#heap h) {
        var i = 0;
        while (i < 8) {
          h.bytes[offset + i] := Nat8.fromNat(Nat64.toNat((value >> Nat64.fromNat(8 * i)) & 0xff));
          i += 1;
        };
      };
    };
  };

  public func loadNat32(memory : LogMemory, offset : Nat) : Nat32 {
    switch memory {
      case (#region r) Region.loadNat32(r, Nat64.fromNat(offset));
      case (#heap h) {
        var value : Nat32 = 0;
        var i = 4;
        while (i > 0) {
          i -= 1;
          value := (value << 8) | Nat32.fromNat(Nat8.toNat(h.bytes[offset + i]));
        };
        value;
      };
    };
  };

  public func storeNat32(memory : LogMemory, offset : Nat, value : Nat32) {
    switch memory {
      case (#region r) Region.storeNat32(r, Nat64.fromNat(offset), value);
      case (#heap h) {
        var i = 0;
        while (i < 4) {
          h.bytes[offset + i] := Nat8.fromNat(Nat32.toNat((value >> Nat32.fromNat(8 * i)) & 0xff));
          i += 1;
        };
      };
    };
  };

  public func loadBlob(memory : LogMemory, offset : Nat, length : Nat) : Blob {
    switch memory {
      case (#region r) Region.loadBlob(r, Nat64.fromNat(offset), length);
      case (#heap h) Blob.fromArray(VarArray.toArray(VarArray.tabulate<Nat8>(length, func i = h.bytes[offset + i])));
    };
  };

  public func storeBlob(memory : LogMemory, offset : Nat, value : Blob) {
    switch memory {
      case (#region r) Region.storeBlob(r, Nat64.fromNat(offset), value);
      case (#heap h) {
        var position = offset;
        for (byte in value.vals()) {
          h.bytes[position] := byte;
          position += 1;
        };
      };
    };
  };

  /// Copies `length` bytes from `source` to a higher `target` (the ranges may overlap), last chunk
  /// first so that no byte is overwritten before it was read.
  public func moveUp(memory : LogMemory, source : Nat, target : Nat, length : Nat) {
    assert target >= source;
    let chunk = PAGE_BYTES;
    var remaining = length;
    while (remaining > 0) {
      let step = if (remaining < chunk) remaining else chunk;
      remaining -= step;
      storeBlob(memory, target + remaining, loadBlob(memory, source + remaining, step));
    };
  };
};
