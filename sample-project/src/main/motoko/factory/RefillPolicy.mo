/// How many cycles the Factory (the "battery") gives a Zone: the refill rule shared by the
/// periodic/admin refill and by child-initiated top-up requests, and the per-period quotas that
/// bound what children can ask for on their own.
///
/// Why quotas only on requests: the periodic refill is driven by the Factory and its admins, while a
/// request is driven by the child; a misbehaving child must not be able to drain the battery.
import Map "mo:core/Map";
import Nat "mo:core/Nat";
import Int "mo:core/Int";
import Principal "mo:core/Principal";

module {
  public type Settings = {
    /// A refill brings a child's balance up to this many cycles.
    refill_target_cycles : Nat;
    /// The Factory never pays out below this balance of its own.
    factory_reserve_cycles : Nat;
    /// Most cycles one child may obtain through `request_top_up` per period.
    per_child_quota_cycles : Nat;
    /// Most cycles all children together may obtain through `request_top_up` per period.
    aggregate_quota_cycles : Nat;
    /// Length of a quota period.
    quota_period_seconds : Nat;
    /// How often the Factory refills all children on its own.
    refill_interval_seconds : Nat;
    /// Cycles attached when creating a Zone: the creation fee (0.5 T), the install's prepayment for its whole
    /// 300-billion-instruction limit at the Wasm64 price (0.6 T; the IC refuses the install without it, and refunds
    /// what the install did not use), so the Zone starts with about 0.7 T, below the refill target.
    zone_creation_cycles : Nat;
  };

  public let DEFAULT_SETTINGS : Settings = {
    refill_target_cycles = 1_000_000_000_000;
    factory_reserve_cycles = 2_000_000_000_000;
    per_child_quota_cycles = 2_000_000_000_000;
    aggregate_quota_cycles = 10_000_000_000_000;
    quota_period_seconds = 86_400;
    refill_interval_seconds = 21_600;
    zone_creation_cycles = 1_200_000_000_000;
  };

  /// Checks admin-supplied settings; the error names the offending field.
  public func validate(settings : Settings) : ?Text {
    if (settings.refill_target_cycles == 0) return ?"refill_target_cycles must be positive";
    if (settings.quota_period_seconds == 0) return ?"quota_period_seconds must be positive";
    if (settings.refill_interval_seconds < 60) return ?"refill_interval_seconds must be at least 60";
    if (settings.per_child_quota_cycles > settings.aggregate_quota_cycles) {
      return ?"per_child_quota_cycles must not exceed aggregate_quota_cycles";
    };
    if (settings.zone_creation_cycles == 0) return ?"zone_creation_cycles must be positive";
    null;
  };

  public type Decision = {
    #TopUp : Nat;
    #AboveTarget;
    #FactoryReserve;
  };

  /// Cycles to send a child holding `childBalance`, given the Factory's own balance.
  public func refillAmount(childBalance : Nat, factoryBalance : Nat, settings : Settings) : Decision {
    if (childBalance >= settings.refill_target_cycles) return #AboveTarget;
    if (factoryBalance <= settings.factory_reserve_cycles) return #FactoryReserve;
    let wanted = settings.refill_target_cycles - childBalance : Nat;
    let spendable = factoryBalance - settings.factory_reserve_cycles : Nat;
    #TopUp(Nat.min(wanted, spendable));
  };

  /// Cycles handed out through requests in the current period.
  public type Quota = {
    var periodStartNs : Int;
    var aggregateUsed : Nat;
    perChild : Map.Map<Principal, Nat>;
  };

  public func emptyQuota() : Quota {
    { var periodStartNs = 0; var aggregateUsed = 0; perChild = Map.empty<Principal, Nat>() };
  };

  /// Starts a new period when the current one is over.
  public func roll(quota : Quota, nowNs : Int, settings : Settings) {
    let periodNs = settings.quota_period_seconds * 1_000_000_000;
    if (nowNs - quota.periodStartNs >= periodNs) {
      quota.periodStartNs := nowNs;
      quota.aggregateUsed := 0;
      Map.clear(quota.perChild);
    };
  };

  public type Grant = { #ok : Nat; #err : { retry_after_ns : Nat } };

  /// Reserves up to `wanted` cycles for `child` within both quotas. The caller must `release`
  /// what it could not actually deposit.
  public func reserve(quota : Quota, child : Principal, wanted : Nat, nowNs : Int, settings : Settings) : Grant {
    roll(quota, nowNs, settings);
    let childUsed = switch (Map.get(quota.perChild, Principal.compare, child)) { case (?n) n; case null 0 };
    let childLeft = if (childUsed >= settings.per_child_quota_cycles) 0 else settings.per_child_quota_cycles - childUsed : Nat;
    let aggregateLeft = if (quota.aggregateUsed >= settings.aggregate_quota_cycles) 0 else settings.aggregate_quota_cycles - quota.aggregateUsed : Nat;
    let granted = Nat.min(wanted, Nat.min(childLeft, aggregateLeft));
    if (granted == 0) {
      let periodEnd = quota.periodStartNs + settings.quota_period_seconds * 1_000_000_000;
      let retry = if (periodEnd > nowNs) Int.abs(periodEnd - nowNs) else 0;
      return #err({ retry_after_ns = retry });
    };
    Map.add(quota.perChild, Principal.compare, child, childUsed + granted);
    quota.aggregateUsed += granted;
    #ok granted;
  };

  /// Gives back cycles reserved but not paid out (e.g. the deposit failed).
  public func release(quota : Quota, child : Principal, amount : Nat) {
    let childUsed = switch (Map.get(quota.perChild, Principal.compare, child)) { case (?n) n; case null 0 };
    Map.add(quota.perChild, Principal.compare, child, if (childUsed >= amount) childUsed - amount : Nat else 0);
    quota.aggregateUsed := if (quota.aggregateUsed >= amount) quota.aggregateUsed - amount : Nat else 0;
  };

  public func used(quota : Quota, child : Principal) : Nat {
    switch (Map.get(quota.perChild, Principal.compare, child)) { case (?n) n; case null 0 };
  };
};
