/// Cached member roles of a Zone, per caller principal.
///
/// A principal becomes a member by registering the EVM address it claims; the Zone then asks the
/// zone contract for that address's role and caches it here for the configured time. Only a
/// non-zero role counts. NOTE: the claim itself is not verified here: a real deployment must make
/// the caller prove it controls the address (e.g. a signature over its principal) before the
/// lookup; that check is out of scope for this sample.
import List "mo:core/List";
import Map "mo:core/Map";
import Principal "mo:core/Principal";

module {
  public type Member = {
    evm_address : Blob;
    role : Nat;
    /// IC time (ns) of the contract lookup that produced `role`.
    checked_at_ns : Int;
  };

  public type Cache = Map.Map<Principal, Member>;

  public func empty() : Cache = Map.empty<Principal, Member>();

  /// True while the cached entry is a member role younger than `ttlNs`.
  public func isFresh(member : Member, nowNs : Int, ttlNs : Nat) : Bool {
    member.role > 0 and nowNs >= member.checked_at_ns and nowNs - member.checked_at_ns < ttlNs;
  };

  /// The caller's member entry if it is a fresh member role, else null.
  public func activeMember(cache : Cache, caller : Principal, nowNs : Int, ttlNs : Nat) : ?Member {
    switch (Map.get(cache, Principal.compare, caller)) {
      case (?member) if (isFresh(member, nowNs, ttlNs)) ?member else null;
      case null null;
    };
  };

  /// Records the outcome of a lookup: a member role is cached, a zero role removes any entry.
  public func record(cache : Cache, caller : Principal, evmAddress : Blob, role : Nat, nowNs : Int) {
    if (role == 0) {
      Map.remove(cache, Principal.compare, caller);
    } else {
      Map.add(cache, Principal.compare, caller, { evm_address = evmAddress; role; checked_at_ns = nowNs });
    };
  };

  /// Drops expired entries so the cache does not grow with callers that never come back.
  public func prune(cache : Cache, nowNs : Int, ttlNs : Nat) : Nat {
    let expired = List.empty<Principal>();
    for ((principal, member) in Map.entries(cache)) {
      if (not isFresh(member, nowNs, ttlNs)) List.add(expired, principal);
    };
    for (principal in List.values(expired)) Map.remove(cache, Principal.compare, principal);
    List.size(expired);
  };

  public func size(cache : Cache) : Nat = Map.size(cache);
};
