// Tests for factory/FleetHistory.mo: the bounded sample history, deposits recorded after a read,
// burn per day across deposits, and the time until the freezing limit.
import FleetHistory "../../main/motoko/factory/FleetHistory";

let hour = 3_600_000_000_000;
let h = FleetHistory.empty();
assert FleetHistory.burnPerDay(h.samples) == null;
FleetHistory.add(h, { at_ns = 0; balance = 1_000_000; deposited = 0 }, 3);
assert FleetHistory.burnPerDay(h.samples) == null;
// 6 h later: 600 burned; then a deposit of 5_000 right after the read
FleetHistory.add(h, { at_ns = 6 * hour; balance = 999_400; deposited = 0 }, 3);
FleetHistory.setLastDeposit(h, 5_000);
assert h.samples[1].deposited == 5_000;
// 6 h later: 1_000 burned from 1_004_400
FleetHistory.add(h, { at_ns = 12 * hour; balance = 1_003_400; deposited = 0 }, 3);
// (600 + 1_000) over 12 h = 3_200 per day
assert FleetHistory.burnPerDay(h.samples) == ?3_200;
// bounded: a fourth sample drops the oldest
FleetHistory.add(h, { at_ns = 18 * hour; balance = 1_002_400; deposited = 0 }, 3);
assert h.samples.size() == 3;
assert h.samples[0].at_ns == 6 * hour;
// (1_000 + 1_000) over 12 h = 4_000 per day
assert FleetHistory.burnPerDay(h.samples) == ?4_000;

// freezing: idle burn 8_640 per day over a 30-day threshold = 259_200 cycles
assert FleetHistory.freezingLimit(8_640, 30 * 86_400) == 259_200;
assert FleetHistory.secondsUntilFreezing(1_259_200, 259_200, 4_000) == ?(250 * 86_400);
assert FleetHistory.secondsUntilFreezing(100, 259_200, 4_000) == ?0;
assert FleetHistory.secondsUntilFreezing(1_000_000, 0, 0) == null;
// a sample with no time between gives no rate
assert FleetHistory.burnPerDay([{ at_ns = 5; balance = 10; deposited = 0 }, { at_ns = 5; balance = 5; deposited = 0 }]) == null;
