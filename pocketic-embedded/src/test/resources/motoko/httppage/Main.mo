// A canister that serves HTTP through the IC's HTTP gateway protocol: `http_request` answers GETs as a query,
// asks the gateway to upgrade POSTs (and `/count`) to `http_request_update`, which changes state.
// Also plain `inc`/`get` for agents.
import Nat "mo:core/Nat";
import Text "mo:core/Text";

persistent actor HttpPage {
  type HeaderField = (Text, Text);
  type HttpRequest = {
    method : Text;
    url : Text;
    headers : [HeaderField];
    body : Blob;
    certificate_version : ?Nat16;
  };
  type HttpUpdateRequest = {
    method : Text;
    url : Text;
    headers : [HeaderField];
    body : Blob;
  };
  type HttpResponse = {
    status_code : Nat16;
    headers : [HeaderField];
    body : Blob;
    upgrade : ?Bool;
  };

  var hits : Nat = 0;

  func text(status : Nat16, body : Text) : HttpResponse {
    {
      status_code = status;
      headers = [("Content-Type", "text/plain; charset=utf-8"), ("X-Hits", Nat.toText(hits))];
      body = Text.encodeUtf8(body);
      upgrade = null;
    };
  };

  func header(headers : [HeaderField], name : Text) : Text {
    for ((key, value) in headers.vals()) {
      if (Text.toLower(key) == name) { return value };
    };
    "";
  };

  public query func http_request(request : HttpRequest) : async HttpResponse {
    if (request.method == "POST" or Text.startsWith(request.url, #text "/count")) {
      return { status_code = 200; headers = []; body = ""; upgrade = ?true };
    };
    if (Text.startsWith(request.url, #text "/bad-header")) {
      return { status_code = 200; headers = [("Bad Name", "x\r\ninjected: y")]; body = ""; upgrade = null };
    };
    if (Text.startsWith(request.url, #text "/missing")) {
      return text(404, "nothing at /missing");
    };
    text(200, "Hello from a Motoko canister: " # request.method # " " # request.url # " (hits " # Nat.toText(hits)
      # ", agent " # header(request.headers, "user-agent") # ")");
  };

  public func http_request_update(request : HttpUpdateRequest) : async HttpResponse {
    hits += 1;
    let body = switch (Text.decodeUtf8(request.body)) { case (?t) t; case null "" };
    text(200, "updated: " # request.method # " " # request.url # " hits " # Nat.toText(hits) # " body " # body);
  };

  public func inc() : async Nat {
    hits += 1;
    hits;
  };

  public query func get() : async Nat {
    hits;
  };
};
