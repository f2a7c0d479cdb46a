/// The Zone's init arguments and their validation into a checked configuration.
///
/// The Factory passes these arguments when it creates a Zone and again on every upgrade (with the
/// new code's version), so a Zone's configuration always comes from its latest install or upgrade.
import Text "mo:core/Text";
import Principal "mo:core/Principal";
import EthRpc "EthRpc";

module {
  public type InitArgs = {
    /// The zone contract's EVM address, `0x` + 40 hex digits.
    zone_id : Text;
    /// Scheme and host (optionally `:port`) of the JSON-RPC endpoint, e.g. "https://rpc.example".
    rpc_host : Text;
    /// Path on that host, starting with "/", e.g. "/" or "/v1/mainnet".
    rpc_path : Text;
    /// The Factory that created the Zone and tops up its cycles.
    factory : Principal;
    /// Storage budget for messages in bytes (ciphertexts plus the per-message overhead).
    storage_limit_bytes : Nat;
    /// Version of the Zone code, reported by `get_version`.
    version : Nat;
    /// How long a member role read from the contract stays valid.
    membership_cache_seconds : Nat;
    /// Below this balance the Zone asks its Factory for cycles.
    low_cycles_threshold : Nat;
  };

  public type Config = {
    zoneId : Blob;
    zoneIdText : Text;
    rpcUrl : Text;
    factory : Principal;
    storageLimitBytes : Nat;
    maxCiphertextBytes : Nat;
    version : Nat;
    membershipTtlNs : Nat;
    lowCyclesThreshold : Nat;
  };

  /// Largest single ciphertext: below the IC's 2 MiB ingress limit with room for the envelope.
  public let MAX_CIPHERTEXT_BYTES : Nat = 1_048_576;

  /// Largest storage budget: keeps the heap well inside what a 64-bit Motoko canister may use.
  public let MAX_STORAGE_LIMIT_BYTES : Nat = 3_221_225_472; // 3 GiB

  /// Longest RPC URL accepted (the IC allows 8192 bytes; real endpoints are far shorter).
  public let MAX_URL_CHARS : Nat = 2_048;

  /// The smallest budget that holds one message of one byte.
  public let MIN_STORAGE_LIMIT_BYTES : Nat = 129; // room for a record of at least one byte (MessageStore.recordBytes(1) = 88)

  public func validate(args : InitArgs) : { #ok : Config; #err : Text } {
    let zoneId = switch (EthRpc.parseAddress(args.zone_id)) {
      case (#ok bytes) bytes;
      case (#err e) return #err("zone_id: " # e);
    };
    if (not Text.startsWith(args.rpc_host, #text "https://")) {
      return #err("rpc_host must start with https:// (HTTP outcalls require TLS), got '" # args.rpc_host # "'");
    };
    let hostPart = switch (Text.stripStart(args.rpc_host, #text "https://")) { case (?h) h; case null "" };
    if (hostPart == "" or Text.contains(hostPart, #char '/') or Text.contains(hostPart, #char '?')) {
      return #err("rpc_host must be https://<host>[:port] with no path (put the path in rpc_path), got '" # args.rpc_host # "'");
    };
    if (not Text.startsWith(args.rpc_path, #text "/")) {
      return #err("rpc_path must start with '/', got '" # args.rpc_path # "'");
    };
    if (args.rpc_host.size() + args.rpc_path.size() > MAX_URL_CHARS) {
      return #err("the RPC URL (rpc_host + rpc_path) must have at most " # debug_show (MAX_URL_CHARS) # " characters");
    };
    if (args.storage_limit_bytes < MIN_STORAGE_LIMIT_BYTES or args.storage_limit_bytes > MAX_STORAGE_LIMIT_BYTES) {
      return #err("storage_limit_bytes must be between " # debug_show (MIN_STORAGE_LIMIT_BYTES) # " and " # debug_show (MAX_STORAGE_LIMIT_BYTES) # ", got " # debug_show (args.storage_limit_bytes));
    };
    if (args.membership_cache_seconds == 0) {
      return #err("membership_cache_seconds must be positive (every call would need a new contract lookup)");
    };
    if (Principal.isAnonymous(args.factory)) {
      return #err("factory must be the Factory canister's principal, not the anonymous principal");
    };
    #ok({
      zoneId;
      zoneIdText = Text.toLower(args.zone_id);
      rpcUrl = args.rpc_host # args.rpc_path;
      factory = args.factory;
      storageLimitBytes = args.storage_limit_bytes;
      maxCiphertextBytes = MAX_CIPHERTEXT_BYTES;
      version = args.version;
      membershipTtlNs = args.membership_cache_seconds * 1_000_000_000;
      lowCyclesThreshold = args.low_cycles_threshold;
    });
  };
};
