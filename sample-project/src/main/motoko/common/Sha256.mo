/// SHA-256 (FIPS 180-4) over a Blob.
///
/// Why it is here: `mo:core` ships no SHA-256, and the Zone needs a collision-resistant digest of
/// every ciphertext as its de-duplication key.
///
/// Why it works the way it does: every `add_message` hashes its ciphertext, and a young canister's heap
/// keeps every byte allocated until the GC first runs at 64 MiB (README, Benchmark), so hashing should
/// allocate little besides its 32-byte result. It streams the Blob through one iterator (`Blob.toArray`
/// would make one 8-byte word per byte, and `data.get(i)` allocates a closure per byte), uses no
/// closure of its own (a captured `var` is a heap box), and `digestWith` reuses a caller-owned
/// `Workspace` (schedule, state, output) across calls.
import Blob "mo:core/Blob";
import Nat8 "mo:core/Nat8";
import Nat32 "mo:core/Nat32";
import Nat64 "mo:core/Nat64";
import VarArray "mo:core/VarArray";

module {
  let K : [Nat32] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];

  let INITIAL_STATE : [Nat32] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ];

  /// Working arrays of one hash computation; reuse one per caller to avoid allocating them per hash.
  public type Workspace = { state : [var Nat32]; w : [var Nat32]; out : [var Nat8] };

  public func workspace() : Workspace {
    { state = VarArray.repeat<Nat32>(0, 8); w = VarArray.repeat<Nat32>(0, 64); out = VarArray.repeat<Nat8>(0, 32) };
  };

  /// The 32-byte SHA-256 digest of `data`.
  public func digest(data : Blob) : Blob = digestWith(workspace(), data);

  /// The 32-byte SHA-256 digest of `data`, computed in `workspace` (whose contents it overwrites).
  public func digestWith(workspace : Workspace, data : Blob) : Blob {
    let state = workspace.state;
    let w = workspace.w;
    var i = 0;
    while (i < 8) { state[i] := INITIAL_STATE[i]; i += 1 };
    let size = data.size();
    // Bytes of the current 64-byte block already placed (big-endian) into w[0..15].
    var filled = 0;
    // One iterator per hash: `data.get(i)` would build a closure per byte (measured: ~40 B each).
    let bytes = data.vals();
    label absorbing loop {
      switch (bytes.next()) {
        case (?byte) {
          place(w, filled, byte);
          filled += 1;
          if (filled == 64) { compress(state, w); filled := 0 };
        };
        case null break absorbing;
      };
    };
    // Padding: 0x80, zeros up to 56 bytes into a block, then the bit length as a big-endian 64-bit number.
    place(w, filled, 0x80);
    filled += 1;
    while (filled != 56) {
      if (filled == 64) { compress(state, w); filled := 0 } else { place(w, filled, 0x00); filled += 1 };
    };
    let bitLength = Nat64.fromNat(size) *% 8;
    w[14] := Nat32.fromNat(Nat64.toNat(bitLength >> 32));
    w[15] := Nat32.fromNat(Nat64.toNat(bitLength & 0xffff_ffff));
    compress(state, w);

    let out = workspace.out;
    i := 0;
    while (i < 8) {
      let word = state[i];
      out[4 * i] := Nat8.fromNat32(word >> 24);
      out[4 * i + 1] := Nat8.fromNat32((word >> 16) & 0xff);
      out[4 * i + 2] := Nat8.fromNat32((word >> 8) & 0xff);
      out[4 * i + 3] := Nat8.fromNat32(word & 0xff);
      i += 1;
    };
    Blob.fromVarArray(out);
  };

  /// Puts `byte` at big-endian byte `position` (0..63) of the block words w[0..15].
  func place(w : [var Nat32], position : Nat, byte : Nat8) {
    let word = position / 4;
    let bits = Nat32.fromNat8(byte) << Nat32.fromNat(24 - 8 * (position % 4));
    w[word] := if (position % 4 == 0) { bits } else { w[word] | bits };
  };

  /// One block: w[0..15] holds the block's words; extends the schedule and updates `state`.
  func compress(state : [var Nat32], w : [var Nat32]) {
    var t = 16;
    while (t < 64) {
      let w15 = w[t - 15];
      let w2 = w[t - 2];
      let s0 = (w15 <>> 7) ^ (w15 <>> 18) ^ (w15 >> 3);
      let s1 = (w2 <>> 17) ^ (w2 <>> 19) ^ (w2 >> 10);
      w[t] := w[t - 16] +% s0 +% w[t - 7] +% s1;
      t += 1;
    };
    var a = state[0];
    var b = state[1];
    var c = state[2];
    var d = state[3];
    var e = state[4];
    var f = state[5];
    var g = state[6];
    var h = state[7];
    t := 0;
    while (t < 64) {
      let sum1 = (e <>> 6) ^ (e <>> 11) ^ (e <>> 25);
      let choose = (e & f) ^ ((^e) & g);
      let temp1 = h +% sum1 +% choose +% K[t] +% w[t];
      let sum0 = (a <>> 2) ^ (a <>> 13) ^ (a <>> 22);
      let majority = (a & b) ^ (a & c) ^ (b & c);
      let temp2 = sum0 +% majority;
      h := g;
      g := f;
      f := e;
      e := d +% temp1;
      d := c;
      c := b;
      b := a;
      a := temp1 +% temp2;
      t += 1;
    };
    state[0] := state[0] +% a;
    state[1] := state[1] +% b;
    state[2] := state[2] +% c;
    state[3] := state[3] +% d;
    state[4] := state[4] +% e;
    state[5] := state[5] +% f;
    state[6] := state[6] +% g;
    state[7] := state[7] +% h;
  };
};
