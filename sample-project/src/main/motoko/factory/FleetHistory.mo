/// The Factory's view of each Zone's cycles over time: a bounded history of balance samples (one per
/// `canister_status` read: every refill pass and every top-up request), the burn rate derived from
/// it, and the time left until the Zone freezes (pure, tested in `FleetHistoryTest.mo`).
import Array "mo:core/Array";
import Int "mo:core/Int";
import Nat "mo:core/Nat";

module {
  public type Sample = {
    at_ns : Int;
    /// Balance read from `canister_status`.
    balance : Nat;
    /// Cycles the Factory deposited right after the read (0 if none).
    deposited : Nat;
  };

  /// Samples kept per Zone: 96 passes are 24 days at the default 6-hour refill interval.
  public let MAX_SAMPLES : Nat = 96;

  public let NS_PER_DAY : Nat = 86_400_000_000_000;

  public type History = {
    var samples : [Sample];
    /// Below this balance the Zone freezes: idle burn per day × freezing threshold (from `canister_status`).
    var freezingLimit : Nat;
  };

  public func empty() : History { { var samples = []; var freezingLimit = 0 } };

  /// Appends a sample, dropping the oldest beyond `max`.
  public func add(history : History, sample : Sample, max : Nat) {
    let all = Array.concat(history.samples, [sample]);
    history.samples := if (all.size() > max) Array.sliceToArray(all, all.size() - max : Int, all.size()) else all;
  };

  /// Records the deposit made after the last sample (the top-up succeeded after the read).
  public func setLastDeposit(history : History, deposited : Nat) {
    let n = history.samples.size();
    if (n == 0) return;
    let last = history.samples[n - 1 : Nat];
    history.samples := Array.tabulate<Sample>(n, func(i) { if (i + 1 == n) ({ last with deposited }) else history.samples[i] });
  };

  /// The freezing limit in cycles: the idle burn over the freezing threshold.
  public func freezingLimit(idleCyclesPerDay : Nat, freezingThresholdSeconds : Nat) : Nat {
    idleCyclesPerDay * freezingThresholdSeconds / 86_400;
  };

  /// Cycles burned per day over the history: what each interval lost (balance plus deposit at its
  /// start, minus balance at its end), over the time the samples span. Null with fewer than two samples.
  public func burnPerDay(samples : [Sample]) : ?Nat {
    if (samples.size() < 2) return null;
    var burned = 0;
    for (i in Nat.range(1, samples.size())) {
      let start = samples[i - 1 : Nat].balance + samples[i - 1 : Nat].deposited;
      let end = samples[i].balance;
      if (start > end) burned += start - end : Nat;
    };
    let span = samples[samples.size() - 1 : Nat].at_ns - samples[0].at_ns;
    if (span <= 0) return null;
    ?(burned * NS_PER_DAY / Int.abs(span));
  };

  /// Seconds until the balance reaches the freezing limit at `burnPerDay` (0 when already below it,
  /// null when nothing burns).
  public func secondsUntilFreezing(balance : Nat, limit : Nat, burnPerDay : Nat) : ?Nat {
    if (burnPerDay == 0) return null;
    if (balance <= limit) return ?0;
    ?((balance - limit : Nat) * 86_400 / burnPerDay);
  };
};
