// Tests for common/Hex.mo, common/Json.mo and zone/EthRpc.mo: encoding of the role lookup,
// decoding of good replies, and a clear error for every kind of bad reply.
import Hex "../../main/motoko/common/Hex";
import Json "../../main/motoko/common/Json";
import EthRpc "../../main/motoko/zone/EthRpc";
import Text "mo:core/Text";
import Debug "mo:core/Debug";

func isErrContaining(result : { #ok : Any; #err : Text }, fragment : Text) : Bool {
  switch result {
    case (#err e) {
      if (not Text.contains(e, #text fragment)) Debug.print("error '" # e # "' lacks '" # fragment # "'");
      Text.contains(e, #text fragment);
    };
    case (#ok _) { Debug.print("expected an error containing '" # fragment # "'"); false };
  };
};

// --- Hex
assert Hex.encode("\00\01\ab\ff") == "0001abff";
assert Hex.encodePrefixed("") == "0x";
assert Hex.decode("0x0001ABff") == #ok("\00\01\ab\ff");
assert Hex.decode("0001abff") == #ok("\00\01\ab\ff");
assert isErrContaining(Hex.decode("0x123"), "odd number");
assert isErrContaining(Hex.decode("0x12zz"), "invalid hex digit 'z'");
assert Hex.decodeNat("0x") == #ok 0;
assert Hex.decodeNat("0x00000000000000000000000000000000000000000000000000000000000001f4") == #ok 500;
assert Hex.decodeNat("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff") == #ok (2 ** 256 - 1);

// --- Json
assert Json.parse("{\"a\":[1,-2.5e3,true,false,null,\"x\\n\\u00e9\\ud83d\\ude00\"],\"b\":{}}") == #ok(#object_([
  ("a", #array([#number "1", #number "-2.5e3", #bool true, #bool false, #null_, #string "x\né😀"])),
  ("b", #object_([])),
]));
assert Json.parse("  \"\\\"q\\\\\\/\"  ") == #ok(#string "\"q\\/");
assert isErrContaining(Json.parse(""), "unexpected end");
assert isErrContaining(Json.parse("{\"a\":1,}"), "member name");
assert isErrContaining(Json.parse("[1 2]"), "expected ',' or ']'");
assert isErrContaining(Json.parse("{\"a\" 1}"), "expected ':'");
assert isErrContaining(Json.parse("01"), "trailing");
assert isErrContaining(Json.parse("\"abc"), "unterminated string");
assert isErrContaining(Json.parse("\"\\x\""), "invalid escape");
assert isErrContaining(Json.parse("\"\\ud800\""), "unpaired surrogate");
assert isErrContaining(Json.parse("tru"), "invalid literal");
assert isErrContaining(Json.parse("-"), "invalid number");
assert isErrContaining(Json.parse("1."), "invalid number");
assert isErrContaining(Json.parse("<html>"), "unexpected character '<'");
var deep = "";
for (_ in Text.toArray("x" # "0123456789012345678901234567890123").vals()) { deep #= "[" };
assert isErrContaining(Json.parse(deep), "nesting deeper than 32");
assert Json.field(#object_([("a", #null_), ("a", #bool true)]), "a") == ?#null_;
assert Json.field(#array([]), "a") == null;
assert Json.quote("a\"b\\c\n\u{01}") == "\"a\\\"b\\\\c\\n\\u0001\"";
// what quote writes, parse reads back
assert Json.parse(Json.quote("tab\there \u{1f} \"end\"")) == #ok(#string "tab\there \u{1f} \"end\"");

// --- EthRpc: addresses
let zoneAddress = "0x1234567890abcdef1234567890abcdef12345678";
let memberAddress = "0xAbCdEf0123456789aBcDeF0123456789ABCDEF01";
let zone : Blob = switch (EthRpc.parseAddress(zoneAddress)) { case (#ok b) b; case (#err _) { assert false; "" } };
let member : Blob = switch (EthRpc.parseAddress(memberAddress)) { case (#ok b) b; case (#err _) { assert false; "" } };
assert zone.size() == 20 and Hex.encodePrefixed(member) == Text.toLower(memberAddress);
assert isErrContaining(EthRpc.parseAddress("1234567890abcdef1234567890abcdef12345678"), "must start with 0x");
assert isErrContaining(EthRpc.parseAddress("0x1234"), "20 bytes");
assert isErrContaining(EthRpc.parseAddress("0x1234567890abcdef1234567890abcdef1234567g"), "invalid hex digit 'g'");

// --- EthRpc: request
let expectedData = "0xd4322d7d000000000000000000000000abcdef0123456789abcdef0123456789abcdef01";
assert EthRpc.roleCallData(member) == expectedData;
assert EthRpc.roleRequestBody(zone, member, 7) == "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_call\",\"params\":[{\"to\":\"0x1234567890abcdef1234567890abcdef12345678\",\"data\":\"" # expectedData # "\"},\"latest\"]}";
// The body is valid JSON with the fields a node expects.
switch (Json.parse(EthRpc.roleRequestBody(zone, member, 7))) {
  case (#ok request) {
    assert Json.field(request, "method") == ?#string "eth_call";
    assert Json.field(request, "id") == ?#number "7";
  };
  case (#err e) { Debug.print(e); assert false };
};

// --- EthRpc: replies
func reply(text : Text) : Blob = Text.encodeUtf8(text);
assert EthRpc.parseRoleResponse(200, reply("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"0x00000000000000000000000000000000000000000000000000000000000000c8\"}")) == #ok 200;
assert EthRpc.parseRoleResponse(200, reply("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"0x0000000000000000000000000000000000000000000000000000000000000000\"}")) == #ok 0;
assert EthRpc.parseRoleResponse(200, reply(" {\"result\":\"0x\",\"id\":1,\"jsonrpc\":\"2.0\"} ")) == #ok 0;
assert isErrContaining(EthRpc.parseRoleResponse(200, reply("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32000,\"message\":\"execution reverted\"}}")), "error -32000: execution reverted");
assert isErrContaining(EthRpc.parseRoleResponse(503, reply("Service Unavailable")), "HTTP 503: Service Unavailable");
assert isErrContaining(EthRpc.parseRoleResponse(200, reply("<html>oops</html>")), "not valid JSON");
assert isErrContaining(EthRpc.parseRoleResponse(200, reply("{\"jsonrpc\":\"2.0\",\"id\":7}")), "neither a result nor an error");
assert isErrContaining(EthRpc.parseRoleResponse(200, reply("{\"result\":12}")), "not a hex string");
assert isErrContaining(EthRpc.parseRoleResponse(200, reply("{\"result\":\"0xnope\"}")), "not a hex number");
assert isErrContaining(EthRpc.parseRoleResponse(200, reply("{\"result\":\"0x" # "00000000000000000000000000000000000000000000000000000000000000001" # "\"}")), "longer than one uint256");
assert isErrContaining(EthRpc.parseRoleResponse(200, "\ff\fe"), "not UTF-8");

// --- outcall cost: 13 nodes, 300-byte request, 4 KiB reply
assert EthRpc.outcallCycles(13, 300, 4096) == ((3_000_000 + 60_000 * 13) * 13 + 400 * 13 * 300 + 800 * 13 * 4096) * 6 / 5;

Debug.print("json-rpc: all checks passed");
