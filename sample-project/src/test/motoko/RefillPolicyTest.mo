// Tests for factory/RefillPolicy.mo: refill amounts against the target and the reserve, settings
// validation, and the per-child / aggregate request quotas with period roll-over.
import RefillPolicy "../../main/motoko/factory/RefillPolicy";
import Principal "mo:core/Principal";
import Debug "mo:core/Debug";

let settings : RefillPolicy.Settings = {
  refill_target_cycles = 1_000;
  factory_reserve_cycles = 5_000;
  per_child_quota_cycles = 1_500;
  aggregate_quota_cycles = 2_500;
  quota_period_seconds = 100;
  refill_interval_seconds = 3_600;
  zone_creation_cycles = 10_000;
};
let second = 1_000_000_000;

// --- refill amounts
assert RefillPolicy.refillAmount(1_000, 100_000, settings) == #AboveTarget;
assert RefillPolicy.refillAmount(2_000, 100_000, settings) == #AboveTarget;
assert RefillPolicy.refillAmount(400, 100_000, settings) == #TopUp 600;
assert RefillPolicy.refillAmount(0, 100_000, settings) == #TopUp 1_000;
// never below the reserve: only what is above it is spendable
assert RefillPolicy.refillAmount(0, 5_300, settings) == #TopUp 300;
assert RefillPolicy.refillAmount(0, 5_000, settings) == #FactoryReserve;
assert RefillPolicy.refillAmount(0, 10, settings) == #FactoryReserve;

// --- settings validation
assert RefillPolicy.validate(settings) == null;
assert RefillPolicy.validate(RefillPolicy.DEFAULT_SETTINGS) == null;
assert RefillPolicy.validate({ settings with refill_target_cycles = 0 }) == ?"refill_target_cycles must be positive";
assert RefillPolicy.validate({ settings with quota_period_seconds = 0 }) == ?"quota_period_seconds must be positive";
assert RefillPolicy.validate({ settings with refill_interval_seconds = 59 }) == ?"refill_interval_seconds must be at least 60";
assert RefillPolicy.validate({ settings with per_child_quota_cycles = 3_000 }) == ?"per_child_quota_cycles must not exceed aggregate_quota_cycles";
assert RefillPolicy.validate({ settings with zone_creation_cycles = 0 }) == ?"zone_creation_cycles must be positive";

// --- quotas
let a = Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai");
let b = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
let c = Principal.fromText("r7inp-6aaaa-aaaaa-aaabq-cai");
let quota = RefillPolicy.emptyQuota();
let t0 = 1_000 * second;
assert RefillPolicy.reserve(quota, a, 1_000, t0, settings) == #ok 1_000;
// per-child quota caps the second grant
assert RefillPolicy.reserve(quota, a, 1_000, t0 + second, settings) == #ok 500;
assert RefillPolicy.reserve(quota, a, 1_000, t0 + 2 * second, settings) == #err({ retry_after_ns = 98 * second });
// aggregate quota: 2_500 - 1_500 used = 1_000 left
assert RefillPolicy.reserve(quota, b, 800, t0 + 3 * second, settings) == #ok 800;
assert RefillPolicy.reserve(quota, c, 800, t0 + 4 * second, settings) == #ok 200;
assert RefillPolicy.reserve(quota, c, 800, t0 + 5 * second, settings) == #err({ retry_after_ns = 95 * second });
// a failed deposit gives its reservation back
RefillPolicy.release(quota, c, 200);
assert RefillPolicy.used(quota, c) == 0;
assert RefillPolicy.reserve(quota, c, 800, t0 + 6 * second, settings) == #ok 200;
// a new period resets both quotas
assert RefillPolicy.reserve(quota, a, 1_000, t0 + 100 * second, settings) == #ok 1_000;
assert RefillPolicy.used(quota, b) == 0;
assert RefillPolicy.reserve(quota, b, 2_000, t0 + 101 * second, settings) == #ok 1_500;
// releasing more than was used never underflows
RefillPolicy.release(quota, b, 10_000);
assert RefillPolicy.used(quota, b) == 0;

Debug.print("refill policy: all checks passed");
