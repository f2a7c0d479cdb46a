// Zone Availability Canister (ZAC): temporary, size-limited storage of encrypted messages for the
// members of one Diode zone. Membership is read from the zone contract over HTTP outcalls and
// cached per caller; storage evicts the oldest messages when full; low cycles are refilled by the
// Factory. Flows are described in sample-project/README.md.
import Prim "mo:⛔";
import Blob "mo:core/Blob";
import Cycles "mo:core/Cycles";
import Error "mo:core/Error";
import Principal "mo:core/Principal";
import Runtime "mo:core/Runtime";
import Set "mo:core/Set";
import Text "mo:core/Text";
import Time "mo:core/Time";
import Timer "mo:core/Timer";
import EthRpc "EthRpc";
import Membership "Membership";
import MessageStore "MessageStore";
import ZoneConfig "ZoneConfig";
import Hex "../common/Hex";
import Management "../common/Management";
import TopUp "../common/TopUp";
import RoleLookup "../common/RoleLookup";

persistent actor class Zone(init : ZoneConfig.InitArgs) {
  public type Message = MessageStore.Message;
  public type Page = MessageStore.Page;
  public type Usage = MessageStore.Usage;
  public type Member = { evm_address : Text; role : Nat; expires_at_ns : Int };

  public type AccessError = {
    /// The caller has no fresh member role: call `register_member` first.
    #NotMember : Text;
  };
  public type ReadError = { #NotMember : Text; #NotFound };
  public type AddMessageError = {
    #NotMember : Text;
    #InvalidKeyId : { expected_bytes : Nat; actual_bytes : Nat };
    #EmptyCiphertext;
    #MessageTooLarge : { ciphertext_bytes : Nat; max_ciphertext_bytes : Nat };
  };
  public type AddedMessage = { id : Nat; hash : Blob; duplicate : Bool; evicted_ids : [Nat] };
  public type RegisterError = {
    #AnonymousCaller;
    #InvalidAddress : Text;
    /// The contract gives the address no role (role 0).
    #NotAMember : { evm_address : Text };
    /// The lookup failed: transport error, non-200 status, JSON-RPC error or malformed reply.
    #RpcFailed : Text;
    /// Too many lookups in flight (or one for this caller already): retry shortly.
    #Busy : Text;
    #InsufficientCycles : { required : Nat; balance : Nat };
  };
  public type TopUpStatus = {
    balance : Nat;
    low_cycles_threshold : Nat;
    last_request_ns : ?Int;
    last_outcome : ?Text;
  };
  public type ZoneInfo = {
    zone_id : Text;
    rpc_url : Text;
    factory : Principal;
    version : Nat;
    storage_limit_bytes : Nat;
    max_ciphertext_bytes : Nat;
    membership_cache_seconds : Nat;
    low_cycles_threshold : Nat;
  };

  /// Lookups that may wait on HTTP outcalls at once; bounds what callers can make the Zone spend.
  transient let MAX_LOOKUPS_IN_FLIGHT = 10;
  /// Minimum time between two top-up requests to the Factory.
  transient let TOP_UP_COOLDOWN_NS : Nat = 10 * 60 * 1_000_000_000;
  /// How often the Zone checks its balance and prunes expired memberships.
  transient let MAINTENANCE_INTERVAL_SECONDS : Nat = 10 * 60;

  // Validated on install and on every upgrade: a bad argument fails the install with this message.
  transient let config : ZoneConfig.Config = switch (ZoneConfig.validate(init)) {
    case (#ok c) c;
    case (#err e) Runtime.trap("invalid Zone init arguments: " # e);
  };

  // Stable state: survives upgrades (enhanced orthogonal persistence).
  let store = MessageStore.empty(config.storageLimitBytes, config.maxCiphertextBytes);
  let members = Membership.empty();
  var rpcRequestCounter = 0;
  var lastTopUpRequestNs : ?Int = null;
  var lastTopUpOutcome : ?Text = null;
  /// The highest Zone version installed so far: an upgrade to an older version is refused (the
  /// stored data may use what the newer code added), which fails the upgrade in `post_upgrade`.
  var highestVersion : Nat = config.version;

  if (config.version < highestVersion) {
    Runtime.trap("invalid Zone upgrade: downgrade from version " # debug_show (highestVersion) # " to " # debug_show (config.version) # " refused");
  } else highestVersion := config.version;

  // Per-run state: outcalls and top-up calls do not survive an upgrade.
  transient var lookupsInFlight = 0;
  transient var topUpInFlight = false;
  transient let callersInFlight = Set.empty<Principal>();

  // An upgrade may lower the limit: evict down to it now rather than on the next write.
  transient let _evictedOnStart : [Nat] = MessageStore.setLimits(store, config.storageLimitBytes, config.maxCiphertextBytes);

  transient let ic : Management.Service = actor (Management.PRINCIPAL_TEXT);
  transient let battery : TopUp.Battery = actor (Principal.toText(config.factory));

  func notMember() : Text {
    "the caller has no current member role in zone " # config.zoneIdText # ": call register_member(<your EVM address>) first";
  };

  func requireMember(caller : Principal) : ?Text {
    switch (Membership.activeMember(members, caller, Time.now(), config.membershipTtlNs)) {
      case (?_) null;
      case null ?notMember();
    };
  };

  // ---------------------------------------------------------------- messages

  /// Stores an encrypted message for the destination `key_id` (20 bytes). A ciphertext already
  /// stored returns its existing id. When full, the oldest messages are evicted first.
  public shared ({ caller }) func add_message(key_id : Blob, ciphertext : Blob) : async {
    #ok : AddedMessage;
    #err : AddMessageError;
  } {
    switch (requireMember(caller)) { case (?e) return #err(#NotMember e); case null {} };
    let result = MessageStore.add(store, key_id, ciphertext, Time.now());
    if (topUpDue(Time.now())) {
      // Ask for cycles outside this call so the writer does not wait on the Factory.
      ignore Timer.setTimer<system>(#seconds 0, checkCycles);
    };
    switch result {
      case (#ok added) #ok added;
      case (#err(#InvalidKeyId e)) #err(#InvalidKeyId e);
      case (#err(#EmptyCiphertext)) #err(#EmptyCiphertext);
      case (#err(#MessageTooLarge e)) #err(#MessageTooLarge e);
    };
  };

  public shared query ({ caller }) func get_message(id : Nat) : async { #ok : Message; #err : ReadError } {
    switch (requireMember(caller)) { case (?e) return #err(#NotMember e); case null {} };
    switch (MessageStore.get(store, id)) { case (?m) #ok m; case null #err(#NotFound) };
  };

  public shared query ({ caller }) func get_message_by_hash(hash : Blob) : async { #ok : Message; #err : ReadError } {
    switch (requireMember(caller)) { case (?e) return #err(#NotMember e); case null {} };
    switch (MessageStore.getByHash(store, hash)) { case (?m) #ok m; case null #err(#NotFound) };
  };

  /// Messages for `key_id`, newest first: ids below `before_id` (all when null), at most `limit`
  /// (1..100; 0 means 100). Pass the returned `next_before_id` to get the next page.
  public shared query ({ caller }) func list_messages_by_key(key_id : Blob, before_id : ?Nat, limit : Nat) : async {
    #ok : Page;
    #err : AccessError;
  } {
    switch (requireMember(caller)) { case (?e) return #err(#NotMember e); case null {} };
    #ok(MessageStore.listByKey(store, key_id, before_id, limit));
  };

  /// Oldest and newest stored ids (null when empty).
  public shared query ({ caller }) func get_id_range() : async {
    #ok : { min_id : ?Nat; max_id : ?Nat };
    #err : AccessError;
  } {
    switch (requireMember(caller)) { case (?e) return #err(#NotMember e); case null {} };
    #ok({ min_id = MessageStore.minId(store); max_id = MessageStore.maxId(store) });
  };

  /// Storage usage: bytes (ciphertexts + per-message overhead), message count, limits.
  public query func get_usage() : async Usage { MessageStore.usage(store) };

  // ---------------------------------------------------------------- membership

  /// Claims `evm_address` for the caller and reads its role from the zone contract
  /// (`Role(address)` via `eth_call`). A non-zero role is cached for the configured time.
  public shared ({ caller }) func register_member(evm_address : Text) : async {
    #ok : Member;
    #err : RegisterError;
  } {
    if (Principal.isAnonymous(caller)) return #err(#AnonymousCaller);
    let address = switch (EthRpc.parseAddress(evm_address)) {
      case (#ok a) a;
      case (#err e) return #err(#InvalidAddress e);
    };
    if (lookupsInFlight >= MAX_LOOKUPS_IN_FLIGHT) {
      return #err(#Busy("too many membership lookups in flight; retry in a few seconds"));
    };
    if (Set.contains(callersInFlight, Principal.compare, caller)) {
      return #err(#Busy("a membership lookup for this caller is already in flight"));
    };
    rpcRequestCounter += 1;
    let lookup = RoleLookup.prepare(config.rpcUrl, config.zoneId, address, rpcRequestCounter, transform);
    if (Cycles.balance() < lookup.cycles) {
      if (topUpDue(Time.now())) ignore Timer.setTimer<system>(#seconds 0, checkCycles);
      return #err(#InsufficientCycles { required = lookup.cycles; balance = Cycles.balance() });
    };
    lookupsInFlight += 1;
    Set.add(callersInFlight, Principal.compare, caller);
    let outcome = try {
      await* RoleLookup.perform(ic, lookup);
    } finally {
      // Runs even if the reply handling traps, so a caller is never locked out.
      lookupsInFlight -= 1;
      Set.remove(callersInFlight, Principal.compare, caller);
    };
    switch outcome {
      case (#err e) #err(#RpcFailed e);
      case (#ok role) {
        let now = Time.now();
        Membership.record(members, caller, address, role, now);
        if (role == 0) return #err(#NotAMember { evm_address = Hex.encodePrefixed(address) });
        #ok({ evm_address = Hex.encodePrefixed(address); role; expires_at_ns = now + config.membershipTtlNs });
      };
    };
  };

  /// The caller's cached membership, if still valid.
  public shared query ({ caller }) func get_member() : async ?Member {
    switch (Membership.activeMember(members, caller, Time.now(), config.membershipTtlNs)) {
      case (?m) ?{ evm_address = Hex.encodePrefixed(m.evm_address); role = m.role; expires_at_ns = m.checked_at_ns + config.membershipTtlNs };
      case null null;
    };
  };

  /// Outcall transform: every replica must see the same response, so only the status and the body
  /// are kept; headers (dates, request ids, cookies) differ between replicas and are dropped.
  public query func transform(args : Management.TransformArgs) : async Management.HttpRequestResult {
    RoleLookup.transformReply(args);
  };

  // ---------------------------------------------------------------- cycles

  public query func cycles_balance() : async Nat { Cycles.balance() };

  public query func get_top_up_status() : async TopUpStatus {
    {
      balance = Cycles.balance();
      low_cycles_threshold = config.lowCyclesThreshold;
      last_request_ns = lastTopUpRequestNs;
      last_outcome = lastTopUpOutcome;
    };
  };

  /// Asks the Factory for cycles when the balance is below the threshold, at most once per cooldown.
  func topUpDue(now : Int) : Bool {
    if (topUpInFlight or Cycles.balance() >= config.lowCyclesThreshold) return false;
    switch (lastTopUpRequestNs) {
      case (?last) now - last >= TOP_UP_COOLDOWN_NS;
      case null true;
    };
  };

  func checkCycles() : async () {
    let now = Time.now();
    if (not topUpDue(now)) return;
    topUpInFlight := true;
    lastTopUpRequestNs := ?now;
    try {
      lastTopUpOutcome := switch (await battery.request_top_up()) {
        case (#ok r) ?("received " # debug_show (r.deposited) # " cycles; balance " # debug_show (r.balance_after));
        case (#err e) ?("refused: " # debug_show (e));
      };
    } catch (e) {
      lastTopUpOutcome := ?("request_top_up failed: " # Error.message(e));
    } finally {
      topUpInFlight := false;
    };
  };

  func maintenance() : async () {
    ignore Membership.prune(members, Time.now(), config.membershipTtlNs);
    await checkCycles();
  };

  // Timers do not survive upgrades; this runs on install and on every upgrade.
  transient let _maintenanceTimer = Timer.recurringTimer<system>(#seconds MAINTENANCE_INTERVAL_SECONDS, maintenance);

  // ---------------------------------------------------------------- info

  public query func get_version() : async Nat { config.version };

  public type MemoryStats = {
    /// Heap in use: live objects plus garbage not yet collected.
    heap_bytes : Nat;
    /// WASM memory the runtime holds (what `canister_status` counts, with the code and stable memory).
    memory_bytes : Nat;
    /// Largest live heap seen by a completed collection (0 before the first one).
    max_live_bytes : Nat;
    /// Bytes allocated since install (live or not): its growth per call is the call's garbage plus what it keeps.
    allocated_bytes : Nat;
    /// Bytes the collector has freed since install.
    reclaimed_bytes : Nat;
  };

  /// The Motoko runtime's memory figures. Why it exists: `canister_status` reports WASM memory, a high-water
  /// mark that includes garbage; these figures tell live data from garbage (README, Benchmark).
  public query func get_memory_stats() : async MemoryStats {
    {
      heap_bytes = Prim.rts_heap_size();
      memory_bytes = Prim.rts_memory_size();
      max_live_bytes = Prim.rts_max_live_size();
      allocated_bytes = Prim.rts_total_allocation();
      reclaimed_bytes = Prim.rts_reclaimed();
    };
  };

  public type StorageStats = MessageStore.StorageStats;

  /// Sizes of the message log (stable memory) and of its heap indexes. Why it exists: the storage
  /// benchmark reports bytes per stored message from these (README, Benchmark).
  public query func get_storage_stats() : async StorageStats { MessageStore.storageStats(store) };

  public query func get_info() : async ZoneInfo {
    {
      zone_id = config.zoneIdText;
      rpc_url = config.rpcUrl;
      factory = config.factory;
      version = config.version;
      storage_limit_bytes = config.storageLimitBytes;
      max_ciphertext_bytes = config.maxCiphertextBytes;
      membership_cache_seconds = config.membershipTtlNs / 1_000_000_000;
      low_cycles_threshold = config.lowCyclesThreshold;
    };
  };
};
