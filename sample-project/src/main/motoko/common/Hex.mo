/// Hexadecimal text <-> bytes, the way EVM tooling writes them (`0x`-prefixed, lower case out,
/// either case in).
import Blob "mo:core/Blob";
import Char "mo:core/Char";
import Nat8 "mo:core/Nat8";
import Nat32 "mo:core/Nat32";
import Text "mo:core/Text";
import VarArray "mo:core/VarArray";

module {
  let DIGITS : [Char] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'];

  /// Lower-case hex of `bytes`, without a prefix.
  public func encode(bytes : Blob) : Text {
    var out = "";
    for (byte in bytes.vals()) {
      out #= Char.toText(DIGITS[Nat8.toNat(byte / 16)]) # Char.toText(DIGITS[Nat8.toNat(byte % 16)]);
    };
    out;
  };

  /// `0x` followed by the lower-case hex of `bytes`.
  public func encodePrefixed(bytes : Blob) : Text { "0x" # encode(bytes) };

  func digitValue(c : Char) : ?Nat8 {
    let code = Char.toNat32(c);
    if (c >= '0' and c <= '9') { ?Nat8.fromNat32(code - 48) } else if (c >= 'a' and c <= 'f') {
      ?Nat8.fromNat32(code - 87);
    } else if (c >= 'A' and c <= 'F') { ?Nat8.fromNat32(code - 55) } else { null };
  };

  /// Bytes of a hex text with or without a `0x`/`0X` prefix. Errors name the problem so a caller
  /// can show it to the user unchanged.
  public func decode(text : Text) : { #ok : Blob; #err : Text } {
    let digits = switch (Text.stripStart(text, #text "0x")) {
      case (?rest) rest;
      case null switch (Text.stripStart(text, #text "0X")) { case (?rest) rest; case null text };
    };
    if (digits.size() % 2 != 0) {
      return #err("hex text has an odd number of digits (" # debug_show (digits.size()) # ")");
    };
    let out = VarArray.repeat<Nat8>(0, digits.size() / 2);
    var index = 0;
    var high : Nat8 = 0;
    for (c in digits.chars()) {
      switch (digitValue(c)) {
        case null return #err("invalid hex digit '" # Char.toText(c) # "' at position " # debug_show (index));
        case (?value) {
          if (index % 2 == 0) { high := value } else { out[index / 2] := high * 16 + value };
        };
      };
      index += 1;
    };
    #ok(Blob.fromVarArray(out));
  };

  /// A natural number from big-endian hex digits (an EVM `uint256` result), `0x` optional.
  /// `"0x"` alone is zero, as Ethereum nodes return for an empty result.
  public func decodeNat(text : Text) : { #ok : Nat; #err : Text } {
    let digits = switch (Text.stripStart(text, #text "0x")) { case (?rest) rest; case null text };
    var value = 0;
    var index = 0;
    for (c in digits.chars()) {
      switch (digitValue(c)) {
        case null return #err("invalid hex digit '" # Char.toText(c) # "' at position " # debug_show (index));
        case (?digit) value := value * 16 + Nat8.toNat(digit);
      };
      index += 1;
    };
    #ok(value);
  };

};
