// An HTTP outcall through the management canister with a transform that drops the headers.
import Text "mo:core/Text";

persistent actor Outcall {
  type Header = { name : Text; value : Text };
  type HttpResponse = { status : Nat; headers : [Header]; body : Blob };
  type TransformArgs = { response : HttpResponse; context : Blob };
  type HttpRequest = {
    url : Text;
    max_response_bytes : ?Nat64;
    headers : [Header];
    body : ?Blob;
    method : { #get; #head; #post };
    transform : ?{ function : shared query TransformArgs -> async HttpResponse; context : Blob };
  };
  type Management = actor { http_request : HttpRequest -> async HttpResponse };
  transient let ic : Management = actor "aaaaa-aa";

  public func fetch(url : Text) : async (Nat, Text, Nat) {
    let response = await (with cycles = 300_000_000_000) ic.http_request({
      url;
      max_response_bytes = ?10_000;
      headers = [{ name = "Accept"; value = "application/json" }];
      body = null;
      method = #get;
      transform = ?{ function = transform; context = "ctx" };
    });
    let body = switch (Text.decodeUtf8(response.body)) { case (?t) t; case null "" };
    (response.status, body, response.headers.size())
  };

  public query func transform(args : TransformArgs) : async HttpResponse {
    { status = args.response.status; headers = []; body = args.response.body }
  };
};
