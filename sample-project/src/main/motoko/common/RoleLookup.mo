/// The HTTP outcall that asks a zone's EVM contract for the role of an address (`eth_call
/// Role(address)`, see `zone/EthRpc.mo`). One code path for both uses: the Zone checks a member's
/// role on `register_member`, the Factory checks a zone owner's role on `request_zone`.
import Blob "mo:core/Blob";
import Error "mo:core/Error";
import Nat64 "mo:core/Nat64";
import Text "mo:core/Text";
import EthRpc "../zone/EthRpc";
import Management "Management";

module {
  /// Nodes of the subnet whose outcall fee is paid (a 13-node application subnet).
  public let SUBNET_NODES : Nat = 13;

  public type Lookup = { request : Management.HttpRequestArgs; cycles : Nat };

  /// The outcall asking `zone` (at `rpcUrl`) for the role of `address`, and the cycles to attach.
  /// `transform` must be the calling actor's query that applies `transformReply`.
  public func prepare(rpcUrl : Text, zone : Blob, address : Blob, requestId : Nat, transform : Management.TransformFunction) : Lookup {
    let body = Text.encodeUtf8(EthRpc.roleRequestBody(zone, address, requestId));
    {
      request = {
        url = rpcUrl;
        max_response_bytes = ?Nat64.fromNat(EthRpc.MAX_RESPONSE_BYTES);
        method = #post;
        headers = [
          { name = "Content-Type"; value = "application/json" },
          { name = "Accept"; value = "application/json" },
        ];
        body = ?body;
        transform = ?{ function = transform; context = Blob.empty() };
      };
      cycles = EthRpc.outcallCycles(SUBNET_NODES, rpcUrl.size() + body.size() + 100, EthRpc.MAX_RESPONSE_BYTES);
    };
  };

  /// Sends the outcall and decodes the role; every failure (also a rejected outcall) is an error text.
  public func perform(ic : Management.Service, lookup : Lookup) : async* { #ok : Nat; #err : Text } {
    try {
      let response = await (with cycles = lookup.cycles) ic.http_request(lookup.request);
      EthRpc.parseRoleResponse(response.status, response.body);
    } catch (e) {
      #err("the HTTP outcall failed: " # Error.message(e));
    };
  };

  /// What the outcall's transform keeps: every replica must see the same response, so only the status
  /// and the body; headers (dates, request ids, cookies) differ between replicas and are dropped.
  public func transformReply(args : Management.TransformArgs) : Management.HttpRequestResult {
    { status = args.response.status; headers = []; body = args.response.body };
  };
};
