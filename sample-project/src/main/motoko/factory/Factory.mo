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
    #Upgraded : { from_version : Nat; to_version : Nat };
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

  // ---------------------------------------------------------------- state (per run)

  transient let pendingZones = Set.empty<Text>();
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
      (await ic.canister_status({ canister_id = record.canister })).cycles;
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
      (await ic.canister_status({ canister_id = caller })).cycles;
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
      #ok({ deposited = granted; balance_after = balance + granted });
    } catch (e) {
      RefillPolicy.release(requestQuota, caller, granted);
      #err(#Failed("deposit_cycles failed: " # Error.message(e)));
    };
  };

  // ---------------------------------------------------------------- upgrades

  /// Upgrades children to the Zone code embedded in this Factory, keeping their data (enhanced
  /// orthogonal persistence, `wasm_memory_persistence = keep`), one at a time: stop, upgrade, start. `batch` selects
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
    let upgradeError : ?Text = try {
      ignore await (system ZoneClass.Zone)(#upgrade_with_persistence { wasm_memory_persistence = #keep; canister = zone })(init);
      Map.add(zones, Text.compare, key, { record with version = init.version; init });
      null;
    } catch (e) {
      ?("upgrade failed: " # Error.message(e));
    };
    // Restarted whether or not the upgrade worked: a failed upgrade leaves the old code running.
    let startError : ?Text = try {
      await ic.start_canister({ canister_id = canister });
      null;
    } catch (e) {
      ?("start_canister failed: " # Error.message(e));
    };
    switch (upgradeError, startError) {
      case (null, null) {
        { canister; zone_id = ?key; outcome = #Upgraded { from_version = record.version; to_version = init.version } };
      };
      case (?u, null) failed(u);
      case (null, ?s) failed("upgraded to version " # debug_show (init.version) # " but " # s);
      case (?u, ?s) failed(u # "; " # s);
    };
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
