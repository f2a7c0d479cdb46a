/// The zone contract's role lookup as an Ethereum JSON-RPC `eth_call`: request encoding, reply
/// decoding, and the cycles an HTTP outcall for it costs.
import Nat "mo:core/Nat";
import Text "mo:core/Text";
import Hex "../common/Hex";
import Json "../common/Json";

module {
  /// 4-byte selector of `Role(address) returns (uint256)`, the member-role getter of Diode's zone
  /// (Drive / RoleGroup) contracts: the first 4 bytes of keccak256("Role(address)"), computed
  /// offline (Motoko has no keccak) and checked against the known selectors
  /// `balanceOf(address)` = 70a08231 and `transfer(address,uint256)` = a9059cbb with the same tool.
  public let ROLE_SELECTOR_HEX : Text = "d4322d7d";

  /// Length of an EVM address.
  public let ADDRESS_BYTES : Nat = 20;

  /// Cap on the RPC reply size: a uint256 result is ~100 bytes of JSON; errors are short too.
  public let MAX_RESPONSE_BYTES : Nat = 4_096;

  /// A 20-byte EVM address from `0x` + 40 hex digits (either case).
  public func parseAddress(text : Text) : { #ok : Blob; #err : Text } {
    if (not Text.startsWith(text, #text "0x") and not Text.startsWith(text, #text "0X")) {
      return #err("an EVM address must start with 0x, got '" # text # "'");
    };
    switch (Hex.decode(text)) {
      case (#err e) #err("invalid EVM address '" # text # "': " # e);
      case (#ok bytes) {
        if (bytes.size() != ADDRESS_BYTES) {
          #err("an EVM address has 20 bytes (40 hex digits), got " # debug_show (bytes.size()) # " bytes");
        } else #ok bytes;
      };
    };
  };

  /// ABI call data for `Role(member)`: selector then the address left-padded to 32 bytes.
  public func roleCallData(member : Blob) : Text {
    "0x" # ROLE_SELECTOR_HEX # "000000000000000000000000" # Hex.encode(member);
  };

  /// The JSON-RPC request body asking `zone` for the role of `member` at the latest block.
  public func roleRequestBody(zone : Blob, member : Blob, requestId : Nat) : Text {
    "{\"jsonrpc\":\"2.0\",\"id\":" # Nat.toText(requestId) # ",\"method\":\"eth_call\",\"params\":[{\"to\":" # Json.quote(Hex.encodePrefixed(zone)) # ",\"data\":" # Json.quote(roleCallData(member)) # "},\"latest\"]}";
  };

  /// The role number from an RPC reply; every failure is an error text meant for the caller.
  public func parseRoleResponse(status : Nat, body : Blob) : { #ok : Nat; #err : Text } {
    let text = switch (Text.decodeUtf8(body)) {
      case (?t) t;
      case null return #err("the RPC reply is not UTF-8 text (HTTP status " # Nat.toText(status) # ")");
    };
    if (status != 200) {
      return #err("the RPC endpoint answered HTTP " # Nat.toText(status) # ": " # excerpt(text));
    };
    let json = switch (Json.parse(text)) {
      case (#ok j) j;
      case (#err e) return #err("the RPC reply is not valid JSON (" # e # "): " # excerpt(text));
    };
    switch (Json.field(json, "error")) {
      case (?error) {
        let code = switch (Json.field(error, "code")) { case (?#number n) n; case _ "?" };
        let message = switch (Json.field(error, "message")) { case (?#string m) m; case _ "no message" };
        return #err("the RPC call failed with error " # code # ": " # message);
      };
      case null {};
    };
    switch (Json.field(json, "result")) {
      case (?#string hex) {
        // A uint256 is one 32-byte word; "0x" (no code at the address) reads as role 0.
        if (hex.size() > 2 + 64) return #err("the RPC result is longer than one uint256 word: " # excerpt(hex));
        switch (Hex.decodeNat(hex)) {
          case (#ok role) #ok role;
          case (#err e) #err("the RPC result is not a hex number (" # e # ")");
        };
      };
      case (?_) #err("the RPC result is not a hex string: " # excerpt(text));
      case null #err("the RPC reply has neither a result nor an error: " # excerpt(text));
    };
  };

  func excerpt(text : Text) : Text {
    if (text.size() <= 200) return text;
    var out = "";
    var n = 0;
    label copying for (c in text.chars()) {
      if (n == 200) break copying;
      out #= Text.fromChar(c);
      n += 1;
    };
    out # "…";
  };

  /// Cycles to attach to an HTTP outcall, from the IC's published fee formula for a subnet of
  /// `nodes` nodes: (3_000_000 + 60_000·n)·n + 400·n·request_bytes + 800·n·max_response_bytes.
  /// Unused cycles are refunded, so the Zone attaches this estimate with a 20% margin.
  public func outcallCycles(nodes : Nat, requestBytes : Nat, maxResponseBytes : Nat) : Nat {
    let base = (3_000_000 + 60_000 * nodes) * nodes + 400 * nodes * requestBytes + 800 * nodes * maxResponseBytes;
    base + base / 5;
  };

};
