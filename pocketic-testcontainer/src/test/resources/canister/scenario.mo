// The canister the backend scenario tests drive: state that survives upgrades, a typed greeting, a trap that
// must roll back, the caller, the IC time, and an HTTP outcall whose response the test mocks.
// Rebuild scenario.wasm with: NODE_PATH=<dir with node_modules of motoko@4.10.0> node compile-scenario.js
import Time "mo:core/Time";
import Text "mo:core/Text";
import Nat "mo:core/Nat";

persistent actor Scenario {
  var count : Nat = 0;

  public func increment() : async Nat {
    count += 1;
    count;
  };

  public query func get() : async Nat { count };

  public query func greet(name : Text) : async Text { "Hello, " # name # "!" };

  public query func now() : async Int { Time.now() };

  public shared query ({ caller }) func whoami() : async Principal { caller };

  // Changes state, then traps: the change must be rolled back.
  public func fail() : async () {
    count += 100;
    assert false;
  };

  type HttpHeader = { name : Text; value : Text };
  type HttpResponse = { status : Nat; headers : [HttpHeader]; body : Blob };
  type TransformArgs = { response : HttpResponse; context : Blob };
  type HttpRequestArgs = {
    url : Text;
    max_response_bytes : ?Nat64;
    headers : [HttpHeader];
    body : ?Blob;
    method : { #get; #head; #post };
    transform : ?{
      function : shared query TransformArgs -> async HttpResponse;
      context : Blob;
    };
    is_replicated : ?Bool;
  };

  transient let ic : actor {
    http_request : HttpRequestArgs -> async HttpResponse;
  } = actor "aaaaa-aa";

  public query func transform(args : TransformArgs) : async HttpResponse {
    { status = args.response.status; headers = []; body = args.response.body };
  };

  public func fetch(url : Text) : async Text {
    let response = await (with cycles = 2_000_000_000) ic.http_request({
      url;
      max_response_bytes = ?10_000;
      headers = [];
      body = null;
      method = #get;
      transform = ?{ function = transform; context = "" };
      is_replicated = null;
    });
    let text = switch (Text.decodeUtf8(response.body)) {
      case (?decoded) decoded;
      case null "<not utf-8>";
    };
    Nat.toText(response.status) # " " # text;
  };
};
