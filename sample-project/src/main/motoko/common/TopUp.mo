/// The top-up request a Zone sends to its Factory when its cycles run low: shared by both canisters
/// so the call and the reply stay type-checked on each side.
module {
  public type TopUpError = {
    /// The caller is not a Zone canister created by this factory.
    #UnknownCanister;
    /// The child already holds at least the refill target.
    #AboveTarget : { balance : Nat; target : Nat };
    /// The per-child or the aggregate quota of the current period is used up.
    #QuotaExhausted : { retry_after_ns : Nat };
    /// Paying would take the factory below its own reserve.
    #FactoryReserve : { factory_balance : Nat; reserve : Nat };
    /// The Zone's owners removed the Factory from its controllers: they pay for its cycles now.
    #SelfManaged;
    /// A management-canister call failed.
    #Failed : Text;
  };

  public type TopUpResult = { #ok : { deposited : Nat; balance_after : Nat }; #err : TopUpError };

  public type Battery = actor {
    request_top_up : () -> async TopUpResult;
  };
};
