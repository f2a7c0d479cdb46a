// Tests for factory/RequestPolicy.mo: policy validation, the per-period creation quota (reserve,
// release, roll-over) and the wait imposed on a caller after a refused ownership check.
import RequestPolicy "../../main/motoko/factory/RequestPolicy";
import Principal "mo:core/Principal";

let policy : RequestPolicy.Policy = { creations_per_period = 2; period_seconds = 100; owner_role = 500; refused_retry_seconds = 10 };
let second = 1_000_000_000;
let alice = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
let bob = Principal.fromText("r7inp-6aaaa-aaaaa-aaabq-cai");

assert RequestPolicy.validate(policy) == null;
assert RequestPolicy.validate({ policy with period_seconds = 0 }) != null;
assert RequestPolicy.validate({ policy with owner_role = 0 }) != null;
assert RequestPolicy.isOwnerRole(500, policy);
assert not RequestPolicy.isOwnerRole(400, policy);

// --- quota: two slots per 100 s, released slots can be taken again, a new period refills
let state = RequestPolicy.empty();
assert RequestPolicy.reserveSlot(state, 1_000 * second, policy) == #ok;
assert RequestPolicy.reserveSlot(state, 1_010 * second, policy) == #ok;
assert RequestPolicy.remainingSlots(state, 1_010 * second, policy) == 0;
assert RequestPolicy.reserveSlot(state, 1_020 * second, policy) == #err({ retry_after_ns = 80 * second });
RequestPolicy.releaseSlot(state);
assert RequestPolicy.reserveSlot(state, 1_030 * second, policy) == #ok;
assert RequestPolicy.reserveSlot(state, 1_099 * second, policy) == #err({ retry_after_ns = 1 * second });
assert RequestPolicy.remainingSlots(state, 1_100 * second, policy) == 2;
assert RequestPolicy.reserveSlot(state, 1_100 * second, policy) == #ok;
assert RequestPolicy.remainingSlots(state, 1_100 * second, policy) == 1;

// --- refusals: a refused caller waits refused_retry_seconds, others do not
assert RequestPolicy.waitAfterRefusal(state, alice, 0, policy) == 0;
RequestPolicy.recordRefusal(state, alice, 2_000 * second);
assert RequestPolicy.waitAfterRefusal(state, alice, 2_004 * second, policy) == 6 * second;
assert RequestPolicy.waitAfterRefusal(state, bob, 2_004 * second, policy) == 0;
assert RequestPolicy.waitAfterRefusal(state, alice, 2_010 * second, policy) == 0;
