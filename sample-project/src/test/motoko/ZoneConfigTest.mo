// Tests for zone/ZoneConfig.mo (init argument validation) and zone/Membership.mo (role cache).
import ZoneConfig "../../main/motoko/zone/ZoneConfig";
import Membership "../../main/motoko/zone/Membership";
import MessageStore "../../main/motoko/zone/MessageStore";
import Principal "mo:core/Principal";
import Text "mo:core/Text";
import Debug "mo:core/Debug";

let factory = Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai");
let good : ZoneConfig.InitArgs = {
  zone_id = "0xABCDEF0123456789abcdef0123456789ABCDEF01";
  rpc_host = "https://rpc.example:8545";
  rpc_path = "/v1/key";
  factory;
  storage_limit_bytes = 1_000_000;
  version = 3;
  membership_cache_seconds = 600;
  low_cycles_threshold = 500_000_000_000;
};

func errorOf(args : ZoneConfig.InitArgs) : Text {
  switch (ZoneConfig.validate(args)) { case (#err e) e; case (#ok _) "<accepted>" };
};
func rejects(args : ZoneConfig.InitArgs, fragment : Text) : Bool {
  let e = errorOf(args);
  if (not Text.contains(e, #text fragment)) Debug.print("error '" # e # "' lacks '" # fragment # "'");
  Text.contains(e, #text fragment);
};

switch (ZoneConfig.validate(good)) {
  case (#ok config) {
    assert config.zoneId.size() == 20;
    assert config.zoneIdText == "0xabcdef0123456789abcdef0123456789abcdef01";
    assert config.rpcUrl == "https://rpc.example:8545/v1/key";
    assert config.membershipTtlNs == 600_000_000_000;
    assert config.version == 3 and config.storageLimitBytes == 1_000_000;
  };
  case (#err e) { Debug.print(e); assert false };
};
// the smallest limit still stores a message (a 1-byte ciphertext's log record)
assert ZoneConfig.MIN_STORAGE_LIMIT_BYTES >= MessageStore.recordBytes(1);
assert rejects({ good with zone_id = "abcdef0123456789abcdef0123456789abcdef01" }, "zone_id: an EVM address must start with 0x");
assert rejects({ good with zone_id = "0x1234" }, "zone_id: an EVM address has 20 bytes");
assert rejects({ good with rpc_host = "http://rpc.example" }, "must start with https://");
assert rejects({ good with rpc_host = "https://rpc.example/" }, "no path");
assert rejects({ good with rpc_host = "https://" }, "no path");
assert rejects({ good with rpc_path = "v1" }, "rpc_path must start with '/'");
var longPath = "/";
var repeats = 0;
while (repeats < 32) { longPath #= "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01"; repeats += 1 }; // 32 x 64 chars
assert rejects({ good with rpc_path = longPath }, "at most 2_048 characters");
assert rejects({ good with storage_limit_bytes = 128 }, "storage_limit_bytes must be between 129");
assert rejects({ good with storage_limit_bytes = 4_000_000_000 }, "storage_limit_bytes must be between");
assert rejects({ good with membership_cache_seconds = 0 }, "membership_cache_seconds must be positive");
assert rejects({ good with factory = Principal.anonymous() }, "anonymous");

// --- membership cache
let cache = Membership.empty();
let alice = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
let bob = Principal.fromText("r7inp-6aaaa-aaaaa-aaabq-cai");
let ttl = 100;
Membership.record(cache, alice, "\01", 200, 1_000);
assert Membership.activeMember(cache, alice, 1_000, ttl) != null;
assert Membership.activeMember(cache, alice, 1_099, ttl) != null;
assert Membership.activeMember(cache, alice, 1_100, ttl) == null; // expired
assert Membership.activeMember(cache, alice, 999, ttl) == null; // clock before the check: not trusted
assert Membership.activeMember(cache, bob, 1_000, ttl) == null;
// a zero role removes the entry
Membership.record(cache, bob, "\02", 300, 1_050);
Membership.record(cache, alice, "\01", 0, 1_060);
assert Membership.activeMember(cache, alice, 1_060, ttl) == null;
assert Membership.size(cache) == 1;
// pruning drops expired entries only
Membership.record(cache, alice, "\01", 100, 1_120);
assert Membership.prune(cache, 1_160, ttl) == 1; // bob's (checked at 1_050) expired
assert Membership.size(cache) == 1;
switch (Membership.activeMember(cache, alice, 1_160, ttl)) {
  case (?m) assert m.role == 100 and m.evm_address == "\01" and m.checked_at_ns == 1_120;
  case null assert false;
};

Debug.print("zone config and membership: all checks passed");
