/// The part of the IC management canister (`aaaaa-aa`) these canisters call, as a Motoko actor
/// type. Why declared by hand: `import IC "ic:aaaaa-aa"` needs the compiler's bundled
/// `aaaaa-aa.did`, which the npm compiler lacks. Field names and types follow the IC interface
/// specification; records returned by the management canister may carry more fields than listed
/// here (Candid drops unknown record fields when decoding), so only what is used is declared.
module {
  public type HttpHeader = { name : Text; value : Text };

  public type HttpMethod = { #get; #post; #head };

  public type HttpRequestResult = { status : Nat; headers : [HttpHeader]; body : Blob };

  public type TransformArgs = { response : HttpRequestResult; context : Blob };

  public type TransformFunction = shared query TransformArgs -> async HttpRequestResult;

  public type HttpRequestArgs = {
    url : Text;
    max_response_bytes : ?Nat64;
    method : HttpMethod;
    headers : [HttpHeader];
    body : ?Blob;
    transform : ?{ function : TransformFunction; context : Blob };
  };

  public type CanisterStatus = { #running; #stopping; #stopped };

  public type CanisterStatusResult = {
    status : CanisterStatus;
    memory_size : Nat;
    cycles : Nat;
    module_hash : ?Blob;
    /// What the canister burns per day doing nothing (storage, allocations): with the freezing
    /// threshold, the balance below which it freezes.
    idle_cycles_burned_per_day : Nat;
    settings : { freezing_threshold : Nat };
  };

  /// A canister snapshot (IC interface specification, `take_canister_snapshot`).
  public type Snapshot = { id : Blob; taken_at_timestamp : Nat64; total_size : Nat64 };

  public type Service = actor {
    http_request : HttpRequestArgs -> async HttpRequestResult;
    canister_status : { canister_id : Principal } -> async CanisterStatusResult;
    deposit_cycles : { canister_id : Principal } -> async ();
    stop_canister : { canister_id : Principal } -> async ();
    start_canister : { canister_id : Principal } -> async ();
    take_canister_snapshot : { canister_id : Principal; replace_snapshot : ?Blob } -> async Snapshot;
    load_canister_snapshot : { canister_id : Principal; snapshot_id : Blob; sender_canister_version : ?Nat64 } -> async ();
  };

  public let PRINCIPAL_TEXT : Text = "aaaaa-aa";
};
