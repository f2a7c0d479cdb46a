/// Rules for Zones requested by zone owners (`request_zone`): who counts as an owner, how a request
/// is paid (cycles attached by the caller, or a slot of the Factory's per-period creation quota),
/// and how long a refused caller waits before asking again (pure, tested in `RequestPolicyTest.mo`).
///
/// Why a quota and a wait: an unpaid request makes the Factory pay an HTTP outcall and, when
/// verified, a whole canister; both must stay bounded whoever asks.
import Int "mo:core/Int";
import Map "mo:core/Map";
import Nat "mo:core/Nat";
import Principal "mo:core/Principal";

module {
  public type Policy = {
    /// Zones the Factory pays for per period (requests without enough attached cycles).
    creations_per_period : Nat;
    /// Length of a quota period.
    period_seconds : Nat;
    /// Least `Role(address)` of the zone contract that counts as an owner (Diode's RoleType.Owner = 500).
    owner_role : Nat;
    /// How long a caller whose ownership check failed must wait before its next request.
    refused_retry_seconds : Nat;
  };

  public let DEFAULT_POLICY : Policy = {
    creations_per_period = 10;
    period_seconds = 86_400;
    owner_role = 500;
    refused_retry_seconds = 600;
  };

  public func validate(policy : Policy) : ?Text {
    if (policy.period_seconds == 0) return ?"period_seconds must be positive";
    if (policy.owner_role == 0) return ?"owner_role must be positive (role 0 means no role in the zone contract)";
    null;
  };

  public type State = {
    var periodStartNs : Int;
    var created : Nat;
    /// Callers refused after an ownership check, and when.
    refusedAt : Map.Map<Principal, Int>;
  };

  public func empty() : State {
    { var periodStartNs = 0; var created = 0; refusedAt = Map.empty<Principal, Int>() };
  };

  func periodNs(policy : Policy) : Nat { policy.period_seconds * 1_000_000_000 };

  /// Takes one quota slot, or says when the next period starts. Give it back with `release`.
  public func reserveSlot(state : State, nowNs : Int, policy : Policy) : { #ok; #err : { retry_after_ns : Nat } } {
    if (nowNs - state.periodStartNs >= periodNs(policy)) {
      state.periodStartNs := nowNs;
      state.created := 0;
    };
    if (state.created >= policy.creations_per_period) {
      let periodEnd = state.periodStartNs + periodNs(policy);
      return #err({ retry_after_ns = if (periodEnd > nowNs) Int.abs(periodEnd - nowNs) else 0 });
    };
    state.created += 1;
    #ok;
  };

  public func releaseSlot(state : State) {
    if (state.created > 0) state.created -= 1;
  };

  /// Nanoseconds `caller` must still wait after a refused request (0: may ask now).
  public func waitAfterRefusal(state : State, caller : Principal, nowNs : Int, policy : Policy) : Nat {
    switch (Map.get(state.refusedAt, Principal.compare, caller)) {
      case null 0;
      case (?at) {
        let until = at + policy.refused_retry_seconds * 1_000_000_000;
        if (until > nowNs) Int.abs(until - nowNs) else {
          Map.remove(state.refusedAt, Principal.compare, caller);
          0;
        };
      };
    };
  };

  public func recordRefusal(state : State, caller : Principal, nowNs : Int) {
    Map.add(state.refusedAt, Principal.compare, caller, nowNs);
  };

  public func isOwnerRole(role : Nat, policy : Policy) : Bool { role >= policy.owner_role };

  public func remainingSlots(state : State, nowNs : Int, policy : Policy) : Nat {
    if (nowNs - state.periodStartNs >= periodNs(policy)) return policy.creations_per_period;
    Nat.sub(Nat.max(policy.creations_per_period, state.created), state.created);
  };
};
