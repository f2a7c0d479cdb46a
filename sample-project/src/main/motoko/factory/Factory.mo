// Factory (also the "battery"): creates one Zone Availability Canister per Diode zone, indexes
// zones and canisters, keeps the children's cycles topped up, and upgrades them to the Zone code
// embedded in this Factory. Flows are described in sample-project/README.md.
import Array "mo:core/Array";
import Cycles "mo:core/Cycles";
import Error "mo:core/Error";
import List "mo:core/List";
import Map "mo:core/Map";
import Principal "mo:core/Principal";
import Set "mo:core/Set";
import Text "mo:core/Text";
import Time "mo:core/Time";
import Timer "mo:core/Timer";
import FactoryVersion "mo:version/FactoryVersion";
import RefillPolicy "RefillPolicy";
import ZoneClass "../zone/Zone";
import ZoneConfig "../zone/ZoneConfig";
import ZoneVersion "mo:version/ZoneVersion";
import Management "../common/Management";
import TopUp "../common/TopUp";
import Custody "Custody";
import FleetHistory "FleetHistory";
import RequestPolicy "RequestPolicy";
import RoleLookup "../common/RoleLookup";
import EthRpc "../zone/EthRpc";

persistent actor Factory {
  public type Settings = RefillPolicy.Settings;

  /// What an admin supplies to create a Zone; the Factory adds its own principal and the version.
  public type CreateZoneArgs = {
    /// The zone owners' principals: with the Factory, the Zone's controllers (1 to 9 owners).
    owners : [Principal];
    zone_id : Text;
    rpc_host : Text;
    rpc_path : Text;
    storage_limit_bytes : Nat;
    membership_cache_seconds : Nat;
    low_cycles_threshold : Nat;
  };

  public type ZoneRecord = {
    zone_id : Text;
    canister : Principal;
    created_at_ns : Int;
    /// Version of the Zone code the canister was last installed or upgraded with.
    version : Nat;
    init : ZoneConfig.InitArgs;
    /// Controllers besides the Factory; they may remove the Factory (then `custody` is `#SelfManaged`).
    owners : [Principal];
    custody : Custody;
  };

  public type Custody = Custody.Custody;

  public type FactoryError = {
    /// The caller is not a controller of the Factory.
    #NotAuthorized;
    #InvalidArguments : Text;
    #AlreadyExists : { canister : Principal };
    /// Another call is creating this zone right now.
    #CreationInProgress;
    #InsufficientCycles : { required : Nat; balance : Nat };
    #CreationFailed : Text;
    /// A refill is already running (the timer's or another admin's).
    #RefillInProgress;
  };

  /// What a zone owner supplies to request a Zone: the caller becomes its owner once the zone
  /// contract confirms that `owner_evm_address` is an owner (`Role(address)` >= the policy's owner role).
  public type ZoneRequest = {
    zone_id : Text;
    owner_evm_address : Text;
    rpc_host : Text;
    rpc_path : Text;
    storage_limit_bytes : Nat;
    membership_cache_seconds : Nat;
    low_cycles_threshold : Nat;
  };

  public type RequestPolicy = RequestPolicy.Policy;

  public type RequestError = {
    #AnonymousCaller;
    #InvalidArguments : Text;
    #AlreadyExists : { canister : Principal };
    /// A creation or a request for this zone is under way.
    #CreationInProgress;
    /// This caller's previous request is still being checked.
    #RequestInProgress;
    /// Wait `retry_after_ns` (a refused ownership check, or too many checks in flight).
    #RetryLater : { retry_after_ns : Nat; reason : Text };
    /// Attach at least `required_cycles`, or wait for the Factory's creation quota (`quota_retry_after_ns`).
    #PaymentRequired : { required_cycles : Nat; attached_cycles : Nat; quota_retry_after_ns : Nat };
    /// The zone contract gives `evm_address` the role `role`, below `required_role`.
    #NotZoneOwner : { evm_address : Text; role : Nat; required_role : Nat };
    /// The zone contract could not be asked (RPC or outcall failure); nothing was charged but the outcall.
    #OwnershipCheckFailed : Text;
    #InsufficientCycles : { required : Nat; balance : Nat };
    #CreationFailed : Text;
  };

  public type BalanceSample = FleetHistory.Sample;

  /// One Zone's cycles over time, as the Factory saw them (`get_fleet_monitoring`).
  public type ZoneMonitoring = {
    zone_id : Text;
    canister : Principal;
    custody : Custody;
    /// Oldest first, at most `FleetHistory.MAX_SAMPLES`; one per `canister_status` read.
    samples : [BalanceSample];
    /// Balance at the last sample plus what was deposited then.
    balance : ?Nat;
    /// Below this balance the Zone freezes (idle burn per day × freezing threshold).
    freezing_limit_cycles : Nat;
    /// Burned per day over the samples' span (null with fewer than two samples).
    burn_cycles_per_day : ?Nat;
    /// At that rate, seconds until the balance reaches the freezing limit (null when nothing burns).
    seconds_until_freezing : ?Nat;
  };

  public type RefillOutcome = {
    #ToppedUp : { deposited : Nat };
    /// `SelfManaged`: the owners removed the Factory from the Zone's controllers; it is neither read nor paid.
    #Skipped : { #AboveTarget; #FactoryReserve; #SelfManaged };
    #Failed : Text;
  };

  public type RefillEntry = {
    zone_id : Text;
    canister : Principal;
    /// Child balance read from `canister_status` (null when that call failed).
    before : ?Nat;
    /// Balance after the deposit (equal to `before` when skipped).
    after : ?Nat;
    outcome : RefillOutcome;
  };

  public type RefillReport = {
    started_at_ns : Int;
    factory_balance_before : Nat;
    factory_balance_after : Nat;
    children : [RefillEntry];
  };

  public type UpgradeOutcome = {
    /// `snapshot_id`: the snapshot taken before, kept until the next upgrade replaces it.
    #Upgraded : { from_version : Nat; to_version : Nat; snapshot_id : Blob };
    /// The upgrade failed; the snapshot taken before it was loaded back (`restored`) and the Zone restarted.
    #RolledBack : { snapshot_id : Blob; reason : Text; restored : Bool };
    /// Not attempted, with the reason (a self-managed Zone: its owners upgrade it).
    #Skipped : Text;
    #Failed : Text;
  };

  public type UpgradeEntry = { canister : Principal; zone_id : ?Text; outcome : UpgradeOutcome };

  // ---------------------------------------------------------------- state (stable)

  let zones = Map.empty<Text, ZoneRecord>();
  let zoneOfCanister = Map.empty<Principal, Text>();
  var settings : Settings = RefillPolicy.DEFAULT_SETTINGS;
  let requestQuota = RefillPolicy.emptyQuota();
  var lastRefillReport : ?RefillReport = null;
  let histories = Map.empty<Text, FleetHistory.History>();
  /// Per zone, the snapshot taken before its last upgrade (replaced by the next one).
  let upgradeSnapshots = Map.empty<Text, Blob>();
  var requestPolicy : RequestPolicy = RequestPolicy.DEFAULT_POLICY;
  let requestState = RequestPolicy.empty();
  var rpcRequestCounter = 0;

  // ---------------------------------------------------------------- state (per run)

  transient let pendingZones = Set.empty<Text>();
  transient let requestsInFlight = Set.empty<Principal>();
  /// Ownership checks that may wait on HTTP outcalls at once.
  transient let MAX_REQUESTS_IN_FLIGHT = 10;
  transient var refillRunning = false;
  transient let ic : Management.Service = actor (Management.PRINCIPAL_TEXT);

  func self() : Principal = Principal.fromActor(Factory);

  func isAdmin(caller : Principal) : Bool = Principal.isController(caller);

  func zoneKey(zoneId : Text) : Text = Text.toLower(zoneId);

  func initArgs(args : CreateZoneArgs, version : Nat) : ZoneConfig.InitArgs {
    {
      zone_id = zoneKey(args.zone_id);
      rpc_host = args.rpc_host;
      rpc_path = args.rpc_path;
      factory = self();
      storage_limit_bytes = args.storage_limit_bytes;
      version;
      membership_cache_seconds = args.membership_cache_seconds;
      low_cycles_threshold = args.low_cycles_threshold;
    };
  };

  // ---------------------------------------------------------------- zones

  /// Creates the Zone canister of `zone_id` (admins only), paying `zone_creation_cycles`. Its
  /// controllers are `owners` and the Factory. A zone gets at most one canister.
  public shared ({ caller }) func create_zone(args : CreateZoneArgs) : async {
    #ok : ZoneRecord;
    #err : FactoryError;
  } {
    if (not isAdmin(caller)) return #err(#NotAuthorized);
    let init = switch (checkedInit(args)) { case (#ok i) i; case (#err e) return #err e };
    switch (checkCreation(init.zone_id)) { case (?e) return #err e; case null {} };
    await* createChild(init, args.owners);
  };

  /// The Zone's init arguments from a creation request, validated as the Zone will; owners too.
  func checkedInit(args : CreateZoneArgs) : { #ok : ZoneConfig.InitArgs; #err : FactoryError } {
    let init = initArgs(args, ZoneVersion.VERSION);
    switch (ZoneConfig.validate(init)) {
      case (#err e) return #err(#InvalidArguments e);
      case (#ok _) {};
    };
    switch (Custody.validateOwners(args.owners, self())) { case (?e) #err(#InvalidArguments e); case null #ok init };
  };

  /// Why `key` cannot get a canister now (taken, being created, or the Factory is short of cycles).
  func checkCreation(key : Text) : ?FactoryError {
    switch (Map.get(zones, Text.compare, key)) {
      case (?existing) return ?#AlreadyExists { canister = existing.canister };
      case null {};
    };
    if (Set.contains(pendingZones, Text.compare, key)) return ?#CreationInProgress;
    let required = settings.zone_creation_cycles + settings.factory_reserve_cycles;
    if (Cycles.balance() < required) return ?#InsufficientCycles { required; balance = Cycles.balance() };
    null;
  };

  /// Creates the canister (controllers: the owners and the Factory), installs the Zone and indexes it.
  func createChild(init : ZoneConfig.InitArgs, owners : [Principal]) : async* { #ok : ZoneRecord; #err : FactoryError } {
    let key = init.zone_id;
    Set.add(pendingZones, Text.compare, key);
    try {
      let canisterSettings = {
        controllers = ?Custody.controllers(owners, self());
        compute_allocation = null;
        memory_allocation = null;
        freezing_threshold = null;
      };
      let zone = await (with cycles = settings.zone_creation_cycles) (system ZoneClass.Zone)(#new { settings = ?canisterSettings })(init);
      let canister = Principal.fromActor(zone);
      let record : ZoneRecord = {
        zone_id = key;
        canister;
        created_at_ns = Time.now();
        version = init.version;
        init;
        owners;
        custody = #Factory;
      };
      Map.add(zones, Text.compare, key, record);
      Map.add(zoneOfCanister, Principal.compare, canister, key);
      #ok record;
    } catch (e) {
      #err(#CreationFailed(Error.message(e)));
    } finally {
      Set.remove(pendingZones, Text.compare, key);
    };
  };

  /// A zone owner asks for its zone's Zone. The zone contract is asked (HTTP outcall, as for
  /// membership) whether `owner_evm_address` holds the owner role; then the Zone is created with the
  /// caller as its owner. Paid by the cycles attached (creation + outcall; the rest is refunded, all
  /// but the outcall when the check fails) or else by a slot of the Factory's per-period quota.
  public shared ({ caller }) func request_zone(request : ZoneRequest) : async { #ok : ZoneRecord; #err : RequestError } {
    if (Principal.isAnonymous(caller)) return #err(#AnonymousCaller);
    let address = switch (EthRpc.parseAddress(request.owner_evm_address)) {
      case (#ok a) a;
      case (#err e) return #err(#InvalidArguments("owner_evm_address: " # e));
    };
    let args : CreateZoneArgs = {
      owners = [caller];
      zone_id = request.zone_id;
      rpc_host = request.rpc_host;
      rpc_path = request.rpc_path;
      storage_limit_bytes = request.storage_limit_bytes;
      membership_cache_seconds = request.membership_cache_seconds;
      low_cycles_threshold = request.low_cycles_threshold;
    };
    let init = switch (checkedInit(args)) { case (#ok i) i; case (#err e) return #err(requestError e) };
    let key = init.zone_id;
    let zoneAddress = switch (EthRpc.parseAddress(key)) { case (#ok a) a; case (#err e) return #err(#InvalidArguments("zone_id: " # e)) };
    switch (Map.get(zones, Text.compare, key)) {
      case (?existing) return #err(#AlreadyExists { canister = existing.canister });
      case null {};
    };
    if (Set.contains(pendingZones, Text.compare, key)) return #err(#CreationInProgress);
    if (Set.contains(requestsInFlight, Principal.compare, caller)) return #err(#RequestInProgress);
    let now = Time.now();
    let wait = RequestPolicy.waitAfterRefusal(requestState, caller, now, requestPolicy);
    if (wait > 0) return #err(#RetryLater { retry_after_ns = wait; reason = "the zone contract did not confirm this caller's last ownership claim" });
    if (Set.size(requestsInFlight) >= MAX_REQUESTS_IN_FLIGHT) {
      return #err(#RetryLater { retry_after_ns = 10_000_000_000; reason = "too many ownership checks in flight" });
    };
    rpcRequestCounter += 1;
    let lookup = RoleLookup.prepare(init.rpc_host # init.rpc_path, zoneAddress, address, rpcRequestCounter, transform);
    let price = settings.zone_creation_cycles + lookup.cycles;
    let attached = Cycles.available();
    let paidByCaller = attached >= price;
    if (paidByCaller) {
      // The outcall is paid now; the creation only once ownership is confirmed (unaccepted cycles go back).
      ignore Cycles.accept<system>(lookup.cycles);
    } else {
      let required = price + settings.factory_reserve_cycles;
      if (Cycles.balance() < required) return #err(#InsufficientCycles { required; balance = Cycles.balance() });
      switch (RequestPolicy.reserveSlot(requestState, now, requestPolicy)) {
        case (#err { retry_after_ns }) {
          return #err(#PaymentRequired { required_cycles = price; attached_cycles = attached; quota_retry_after_ns = retry_after_ns });
        };
        case (#ok) {};
      };
    };
    Set.add(pendingZones, Text.compare, key);
    Set.add(requestsInFlight, Principal.compare, caller);
    let role = try { await* RoleLookup.perform(ic, lookup) } finally {
      Set.remove(pendingZones, Text.compare, key);
      Set.remove(requestsInFlight, Principal.compare, caller);
    };
    let refuse = func(error : RequestError) : { #ok : ZoneRecord; #err : RequestError } {
      if (not paidByCaller) RequestPolicy.releaseSlot(requestState);
      #err error;
    };
    switch role {
      case (#err e) return refuse(#OwnershipCheckFailed e);
      case (#ok r) {
        if (not RequestPolicy.isOwnerRole(r, requestPolicy)) {
          RequestPolicy.recordRefusal(requestState, caller, Time.now());
          return refuse(#NotZoneOwner { evm_address = request.owner_evm_address; role = r; required_role = requestPolicy.owner_role });
        };
      };
    };
    if (paidByCaller) ignore Cycles.accept<system>(settings.zone_creation_cycles);
    switch (await* createChild(init, [caller])) {
      case (#ok record) #ok record;
      case (#err e) refuse(requestError e);
    };
  };

  func requestError(e : FactoryError) : RequestError {
    switch e {
      case (#InvalidArguments t) #InvalidArguments t;
      case (#AlreadyExists a) #AlreadyExists a;
      case (#CreationInProgress) #CreationInProgress;
      case (#InsufficientCycles c) #InsufficientCycles c;
      case (#CreationFailed t) #CreationFailed t;
      case (#NotAuthorized or #RefillInProgress) #CreationFailed(debug_show e);
    };
  };

  /// The outcall transform of the ownership check (see `RoleLookup.transformReply`).
  public query func transform(args : Management.TransformArgs) : async Management.HttpRequestResult {
    RoleLookup.transformReply(args);
  };

  public query func get_request_policy() : async RequestPolicy { requestPolicy };

  /// Replaces the rules for owner requests (admins only).
  public shared ({ caller }) func configure_requests(policy : RequestPolicy) : async { #ok; #err : FactoryError } {
    if (not isAdmin(caller)) return #err(#NotAuthorized);
    switch (RequestPolicy.validate(policy)) { case (?e) return #err(#InvalidArguments e); case null {} };
    requestPolicy := policy;
    #ok;
  };

  /// Records that the owners removed the Factory from a Zone's controllers.
  func markSelfManaged(key : Text, reason : Text) {
    switch (Map.get(zones, Text.compare, key)) {
      case (?record) {
        switch (record.custody) {
          case (#Factory) Map.add(zones, Text.compare, key, { record with custody = #SelfManaged { since_ns = Time.now(); reason } });
          case (#SelfManaged _) {};
        };
      };
      case null {};
    };
  };

  func custodyOf(key : Text) : Custody {
    switch (Map.get(zones, Text.compare, key)) { case (?r) r.custody; case null #Factory };
  };

  /// Puts a self-managed Zone back under the Factory's care once its owners made the Factory a
  /// controller again (an owner or an admin asks; the Factory checks with `canister_status`).
  public shared ({ caller }) func reattach_zone(canister : Principal) : async { #ok : ZoneRecord; #err : FactoryError } {
    let ?key = Map.get(zoneOfCanister, Principal.compare, canister) else return #err(#InvalidArguments("not a Zone canister of this Factory: " # Principal.toText(canister)));
    let ?record = Map.get(zones, Text.compare, key) else return #err(#InvalidArguments("no record for zone " # key));
    if (not isAdmin(caller) and not Custody.isOwner(record.owners, caller)) return #err(#NotAuthorized);
    try {
      ignore await ic.canister_status({ canister_id = canister });
    } catch (e) {
      return #err(#InvalidArguments("the Factory is still not a controller of " # Principal.toText(canister) # ": add it to the Zone's controllers first (" # Error.message(e) # ")"));
    };
    let ?current = Map.get(zones, Text.compare, key) else return #err(#InvalidArguments("no record for zone " # key));
    let updated = { current with custody = #Factory };
    Map.add(zones, Text.compare, key, updated);
    #ok updated;
  };

  public query func list_zones() : async [ZoneRecord] {
    Array.fromIter(Map.values(zones));
  };

  /// The canister of a zone (zone ids are compared case-insensitively).
  public query func get_zone_canister(zone_id : Text) : async ?Principal {
    switch (Map.get(zones, Text.compare, zoneKey(zone_id))) { case (?r) ?r.canister; case null null };
  };

  /// The zone a canister serves, if it is one of this Factory's children.
  public query func get_canister_zone(canister : Principal) : async ?Text {
    Map.get(zoneOfCanister, Principal.compare, canister);
  };

  // ---------------------------------------------------------------- battery

  /// Refills every child below the target (admins only); also runs on a timer.
  public shared ({ caller }) func refill_zones() : async { #ok : RefillReport; #err : FactoryError } {
    if (not isAdmin(caller)) return #err(#NotAuthorized);
    await refillAll();
  };

  public query func get_last_refill_report() : async ?RefillReport { lastRefillReport };

  func refillAll() : async { #ok : RefillReport; #err : FactoryError } {
    if (refillRunning) return #err(#RefillInProgress);
    refillRunning := true;
    try {
      let started = Time.now();
      let balanceBefore = Cycles.balance();
      let entries = List.empty<RefillEntry>();
      // A snapshot: create_zone may change the map while this loop awaits.
      let records = Array.fromIter(Map.values(zones));
      for (record in records.vals()) {
        List.add(entries, await refillOne(record));
      };
      let report : RefillReport = {
        started_at_ns = started;
        factory_balance_before = balanceBefore;
        factory_balance_after = Cycles.balance();
        children = List.toArray(entries);
      };
      lastRefillReport := ?report;
      #ok report;
    } finally {
      refillRunning := false;
    };
  };

  func refillOne(record : ZoneRecord) : async RefillEntry {
    let entry = func(before : ?Nat, after : ?Nat, outcome : RefillOutcome) : RefillEntry {
      { zone_id = record.zone_id; canister = record.canister; before; after; outcome };
    };
    switch (record.custody) {
      case (#SelfManaged _) return entry(null, null, #Skipped(#SelfManaged));
      case (#Factory) {};
    };
    let before = try {
      recordSample(record.zone_id, await ic.canister_status({ canister_id = record.canister }));
    } catch (e) {
      if (Custody.isNotController(Error.code(e), Error.message(e))) {
        markSelfManaged(record.zone_id, "canister_status: " # Error.message(e));
        return entry(null, null, #Skipped(#SelfManaged));
      };
      return entry(null, null, #Failed("canister_status failed: " # Error.message(e)));
    };
    switch (RefillPolicy.refillAmount(before, Cycles.balance(), settings)) {
      case (#AboveTarget) entry(?before, ?before, #Skipped(#AboveTarget));
      case (#FactoryReserve) entry(?before, ?before, #Skipped(#FactoryReserve));
      case (#TopUp amount) {
        try {
          await (with cycles = amount) ic.deposit_cycles({ canister_id = record.canister });
          recordDeposit(record.zone_id, amount);
          entry(?before, ?(before + amount), #ToppedUp { deposited = amount });
        } catch (e) {
          entry(?before, ?before, #Failed("deposit_cycles failed: " # Error.message(e)));
        };
      };
    };
  };

  /// Called by a child Zone whose balance fell below its threshold. Honoured up to the refill
  /// target, within the per-child and aggregate quotas of the period and above the reserve.
  public shared ({ caller }) func request_top_up() : async TopUp.TopUpResult {
    let ?key = Map.get(zoneOfCanister, Principal.compare, caller) else return #err(#UnknownCanister);
    switch (custodyOf(key)) { case (#SelfManaged _) return #err(#SelfManaged); case (#Factory) {} };
    let balance = try {
      recordSample(key, await ic.canister_status({ canister_id = caller }));
    } catch (e) {
      if (Custody.isNotController(Error.code(e), Error.message(e))) {
        markSelfManaged(key, "canister_status: " # Error.message(e));
        return #err(#SelfManaged);
      };
      return #err(#Failed("canister_status failed: " # Error.message(e)));
    };
    let wanted = switch (RefillPolicy.refillAmount(balance, Cycles.balance(), settings)) {
      case (#AboveTarget) return #err(#AboveTarget { balance; target = settings.refill_target_cycles });
      case (#FactoryReserve) return #err(#FactoryReserve { factory_balance = Cycles.balance(); reserve = settings.factory_reserve_cycles });
      case (#TopUp amount) amount;
    };
    // Reserved before the await so concurrent requests cannot both spend the same quota.
    let granted = switch (RefillPolicy.reserve(requestQuota, caller, wanted, Time.now(), settings)) {
      case (#err e) return #err(#QuotaExhausted e);
      case (#ok amount) amount;
    };
    try {
      await (with cycles = granted) ic.deposit_cycles({ canister_id = caller });
      recordDeposit(key, granted);
      #ok({ deposited = granted; balance_after = balance + granted });
    } catch (e) {
      RefillPolicy.release(requestQuota, caller, granted);
      #err(#Failed("deposit_cycles failed: " # Error.message(e)));
    };
  };

  // ---------------------------------------------------------------- monitoring

  /// Keeps a balance sample of a Zone; returns the balance.
  func recordSample(key : Text, status : Management.CanisterStatusResult) : Nat {
    let history = switch (Map.get(histories, Text.compare, key)) {
      case (?h) h;
      case null { let h = FleetHistory.empty(); Map.add(histories, Text.compare, key, h); h };
    };
    FleetHistory.add(history, { at_ns = Time.now(); balance = status.cycles; deposited = 0 }, FleetHistory.MAX_SAMPLES);
    history.freezingLimit := FleetHistory.freezingLimit(status.idle_cycles_burned_per_day, status.settings.freezing_threshold);
    status.cycles;
  };

  func recordDeposit(key : Text, amount : Nat) {
    switch (Map.get(histories, Text.compare, key)) {
      case (?h) FleetHistory.setLastDeposit(h, amount);
      case null {};
    };
  };

  /// Each Zone's balance history, burn rate per day and time until it freezes.
  public query func get_fleet_monitoring() : async [ZoneMonitoring] {
    Array.map<ZoneRecord, ZoneMonitoring>(Array.fromIter(Map.values(zones)), func(record) {
      let history = switch (Map.get(histories, Text.compare, record.zone_id)) { case (?h) h; case null FleetHistory.empty() };
      let samples = history.samples;
      let balance = if (samples.size() == 0) null else {
        let last = samples[samples.size() - 1 : Nat];
        ?(last.balance + last.deposited);
      };
      let burn = FleetHistory.burnPerDay(samples);
      let seconds = switch (balance, burn) {
        case (?b, ?rate) FleetHistory.secondsUntilFreezing(b, history.freezingLimit, rate);
        case _ null;
      };
      {
        zone_id = record.zone_id;
        canister = record.canister;
        custody = record.custody;
        samples;
        balance;
        freezing_limit_cycles = history.freezingLimit;
        burn_cycles_per_day = burn;
        seconds_until_freezing = seconds;
      };
    });
  };

  // ---------------------------------------------------------------- upgrades

  /// Upgrades children to the Zone code embedded in this Factory, keeping their data (enhanced
  /// orthogonal persistence, `wasm_memory_persistence = keep`), one at a time: stop, take a canister
  /// snapshot, upgrade, start; when the upgrade fails, the snapshot is loaded back before the start. `batch` selects
  /// canisters (null = all children). A failure is reported for that child and the rest go on.
  public shared ({ caller }) func upgrade_zones(batch : ?[Principal]) : async {
    #ok : [UpgradeEntry];
    #err : FactoryError;
  } {
    if (not isAdmin(caller)) return #err(#NotAuthorized);
    let targets : [Principal] = switch batch {
      case (?list) list;
      case null Array.fromIter(Map.keys(zoneOfCanister));
    };
    let entries = List.empty<UpgradeEntry>();
    for (canister in targets.vals()) {
      List.add(entries, await upgradeOne(canister));
    };
    #ok(List.toArray(entries));
  };

  func upgradeOne(canister : Principal) : async UpgradeEntry {
    let ?key = Map.get(zoneOfCanister, Principal.compare, canister) else {
      return { canister; zone_id = null; outcome = #Failed("not a Zone canister of this Factory") };
    };
    let ?record = Map.get(zones, Text.compare, key) else {
      return { canister; zone_id = ?key; outcome = #Failed("zone index is inconsistent: no record for " # key) };
    };
    let init = { record.init with version = ZoneVersion.VERSION; factory = self() };
    let zone : ZoneClass.Zone = actor (Principal.toText(canister));
    let failed = func(message : Text) : UpgradeEntry = { canister; zone_id = ?key; outcome = #Failed(message) };
    let skipped = func(reason : Text) : UpgradeEntry = { canister; zone_id = ?key; outcome = #Skipped(reason) };
    switch (record.custody) {
      case (#SelfManaged { reason }) return skipped("self-managed: its owners removed the Factory from its controllers (" # reason # "); they upgrade it themselves");
      case (#Factory) {};
    };
    // Stopped first so no call of the old code is still waiting for a reply when the code changes.
    try {
      await ic.stop_canister({ canister_id = canister });
    } catch (e) {
      if (Custody.isNotController(Error.code(e), Error.message(e))) {
        markSelfManaged(key, "stop_canister: " # Error.message(e));
        return skipped("self-managed: its owners removed the Factory from its controllers (stop_canister: " # Error.message(e) # "); they upgrade it themselves");
      };
      return failed("stop_canister failed: " # Error.message(e));
    };
    let start = func() : async* ?Text {
      try { await ic.start_canister({ canister_id = canister }); null } catch (e) {
        ?("start_canister failed: " # Error.message(e));
      };
    };
    // The whole stopped state (code, memories, stable data) is kept so any failure can be undone.
    let snapshotId = switch (await* takeSnapshot(key, canister)) {
      case (#ok id) id;
      case (#err e) {
        let restart = switch (await* start()) { case (?s) "; " # s; case null "" };
        return failed("take_canister_snapshot failed: " # e # "; not upgraded, the Zone runs its old code" # restart);
      };
    };
    let upgradeError : ?Text = try {
      ignore await (system ZoneClass.Zone)(#upgrade_with_persistence { wasm_memory_persistence = #keep; canister = zone })(init);
      null;
    } catch (e) {
      ?("upgrade failed: " # Error.message(e));
    };
    switch upgradeError {
      case null {
        Map.add(zones, Text.compare, key, { record with version = init.version; init });
        switch (await* start()) {
          case null ({ canister; zone_id = ?key; outcome = #Upgraded { from_version = record.version; to_version = init.version; snapshot_id = snapshotId } });
          case (?s) failed("upgraded to version " # debug_show (init.version) # " but " # s);
        };
      };
      case (?reason) {
        // Back to the snapshot, then running again: the Zone is exactly as it was before the stop.
        let loadError : ?Text = try {
          await ic.load_canister_snapshot({ canister_id = canister; snapshot_id = snapshotId; sender_canister_version = null });
          null;
        } catch (e) {
          ?("load_canister_snapshot failed: " # Error.message(e));
        };
        let startError = await* start();
        let problems = switch (loadError, startError) {
          case (null, null) "";
          case (?l, null) "; " # l;
          case (null, ?s) "; " # s;
          case (?l, ?s) "; " # l # "; " # s;
        };
        ({ canister; zone_id = ?key; outcome = #RolledBack { snapshot_id = snapshotId; reason = reason # problems; restored = loadError == null } });
      };
    };
  };

  /// Takes the snapshot a Zone's upgrade can be rolled back to, replacing the one of its previous
  /// upgrade (a canister may keep only a few snapshots; the owners' own ones are left alone).
  func takeSnapshot(key : Text, canister : Principal) : async* { #ok : Blob; #err : Text } {
    let previous = Map.get(upgradeSnapshots, Text.compare, key);
    let snapshot = try {
      await ic.take_canister_snapshot({ canister_id = canister; replace_snapshot = previous });
    } catch (e) {
      if (previous == null) return #err(Error.message(e));
      // The previous snapshot may be gone (the owners can delete it): take a new one instead.
      try {
        await ic.take_canister_snapshot({ canister_id = canister; replace_snapshot = null });
      } catch (again) {
        return #err(Error.message(again));
      };
    };
    Map.add(upgradeSnapshots, Text.compare, key, snapshot.id);
    #ok(snapshot.id);
  };

  // ---------------------------------------------------------------- settings and info

  public query func get_settings() : async Settings { settings };

  /// Replaces the battery settings (admins only) and re-arms the refill timer.
  public shared ({ caller }) func configure(new : Settings) : async { #ok; #err : FactoryError } {
    if (not isAdmin(caller)) return #err(#NotAuthorized);
    switch (RefillPolicy.validate(new)) { case (?e) return #err(#InvalidArguments e); case null {} };
    settings := new;
    Timer.cancelTimer(refillTimer);
    refillTimer := startRefillTimer<system>();
    #ok;
  };

  public query func cycles_balance() : async Nat { Cycles.balance() };

  public query func get_version() : async Nat { FactoryVersion.VERSION };

  /// The Zone version this Factory installs; `upgrade_zones` moves children to it.
  public query func get_zone_code_version() : async Nat { ZoneVersion.VERSION };

  func startRefillTimer<system>() : Timer.TimerId {
    Timer.recurringTimer<system>(#seconds(settings.refill_interval_seconds), func() : async () { ignore await refillAll() });
  };

  // Timers do not survive upgrades; this runs on install and on every upgrade.
  transient var refillTimer : Timer.TimerId = startRefillTimer<system>();
};
