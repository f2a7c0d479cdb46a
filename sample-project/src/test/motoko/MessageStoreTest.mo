// Tests for zone/MessageStore.mo: ids, de-duplication, validation, exact usage, eviction of the oldest
// messages with their index entries, the ring buffer (wrap-around, records split at the end, growth),
// hash-prefix collisions, per-key chains and paging, limit changes. The log runs on the heap backing
// of LogMemory (the interpreter has no stable regions); a model of the expected messages is checked
// against every read path after each step.
import MessageStore "../../main/motoko/zone/MessageStore";
import LogMemory "../../main/motoko/zone/LogMemory";
import Sha256 "../../main/motoko/common/Sha256";
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import List "mo:core/List";
import Nat8 "mo:core/Nat8";
import Debug "mo:core/Debug";

func key(n : Nat8) : Blob = Blob.fromArray(Array.repeat<Nat8>(n, 20));
func payload(fill : Nat8, size : Nat) : Blob = Blob.fromArray(Array.tabulate<Nat8>(size, func i = if (i == 0) fill else Nat8.fromNat((i + Nat8.toNat(fill)) % 251)));
let overhead = MessageStore.MESSAGE_OVERHEAD_BYTES;
func cost(size : Nat) : Nat = MessageStore.recordBytes(size);

func newStore(limit : Nat, max : Nat) : MessageStore.Store = MessageStore.withMemory(LogMemory.newHeap(), limit, max, MessageStore.HASH_PREFIX_BITS);

func added(result : { #ok : MessageStore.Added; #err : MessageStore.AddError }) : MessageStore.Added {
  switch result {
    case (#ok a) a;
    case (#err e) { Debug.print("unexpected error " # debug_show e); assert false; loop {} };
  };
};

func ids(page : MessageStore.Page) : [Nat] = Array.map<MessageStore.Message, Nat>(page.messages, func m = m.id);

/// What the store should hold: every message added and not yet evicted.
type Expected = { id : Nat; keyId : Blob; ciphertext : Blob; hash : Blob; at : Int };

/// Adds a message, records it (and its evictions) in the model, and checks the usage invariant.
func put(store : MessageStore.Store, model : List.List<Expected>, keyId : Blob, ciphertext : Blob, at : Int) : MessageStore.Added {
  let result = added(MessageStore.add(store, keyId, ciphertext, at));
  for (evictedId in result.evicted_ids.vals()) {
    switch (List.first(model)) {
      case (?oldest) assert oldest.id == evictedId;
      case null assert false;
    };
    // Oldest first: the model drops its first entry.
    let rest = List.fromArray<Expected>(Array.sliceToArray(List.toArray(model), 1, List.size(model)));
    List.clear(model);
    List.addAll(model, List.values(rest));
  };
  if (not result.duplicate) List.add(model, { id = result.id; keyId; ciphertext; hash = result.hash; at });
  let usage = MessageStore.usage(store);
  assert usage.used_bytes <= usage.limit_bytes;
  result;
};

/// Every expected message is readable by id, by hash and through its key's listing; nothing else is;
/// usage equals the sum of the records' bytes; the indexes hold one entry per message / key.
func checkAll(store : MessageStore.Store, model : List.List<Expected>) {
  var bytes = 0;
  for (m in List.values(model)) {
    switch (MessageStore.get(store, m.id)) {
      case (?stored) assert stored.id == m.id and stored.key_id == m.keyId and stored.ciphertext == m.ciphertext and stored.hash == m.hash and stored.stored_at_ns == m.at;
      case null { Debug.print("missing id " # debug_show m.id); assert false };
    };
    switch (MessageStore.getByHash(store, m.hash)) { case (?stored) assert stored.id == m.id; case null assert false };
    bytes += cost(m.ciphertext.size());
  };
  let usage = MessageStore.usage(store);
  assert usage.used_bytes == bytes and usage.message_count == List.size(model);
  assert MessageStore.hashIndexSize(store) == List.size(model);
  // by key: newest first, exactly the model's ids of that key
  var keys = 0;
  for (k in Array.tabulate<Nat8>(8, func j = Nat8.fromNat(j)).vals()) {
    let expected = Array.reverse(List.toArray(List.map<Expected, Nat>(List.filter<Expected>(model, func m = m.keyId == key(k)), func m = m.id)));
    assert ids(MessageStore.listByKey(store, key(k), null, 100)) == expected;
    if (expected.size() > 0) keys += 1;
  };
  assert MessageStore.keyCount(store) == keys;
  switch (List.first(model), List.last(model)) {
    case (?first, ?last) assert MessageStore.minId(store) == ?first.id and MessageStore.maxId(store) == ?last.id;
    case _ assert MessageStore.minId(store) == null and MessageStore.maxId(store) == null;
  };
};

// --- ids, lookups, duplicates, exact usage
do {
  let store = newStore(10_000, 1_000);
  let first = added(MessageStore.add(store, key(1), payload(1, 100), 5));
  assert first.id == 1 and not first.duplicate and first.evicted_ids == [];
  assert first.hash == Sha256.digest(payload(1, 100));
  let second = added(MessageStore.add(store, key(2), payload(2, 100), 6));
  assert second.id == 2;
  let again = added(MessageStore.add(store, key(3), payload(1, 100), 7));
  assert again.id == 1 and again.duplicate and again.evicted_ids == [];
  let usage = MessageStore.usage(store);
  // 80-byte header + 100 bytes padded to 104
  assert cost(100) == 184 and usage.message_count == 2 and usage.used_bytes == 2 * 184 and usage.limit_bytes == 10_000;
  switch (MessageStore.get(store, 2)) {
    case (?m) assert m.key_id == key(2) and m.ciphertext == payload(2, 100) and m.stored_at_ns == 6 and m.hash == second.hash;
    case null assert false;
  };
  switch (MessageStore.getByHash(store, first.hash)) { case (?m) assert m.id == 1; case null assert false };
  assert MessageStore.get(store, 3) == null and MessageStore.get(store, 0) == null;
  assert MessageStore.getByHash(store, Sha256.digest("nope")) == null;
  assert MessageStore.getByHash(store, "short") == null;
  assert MessageStore.minId(store) == ?1 and MessageStore.maxId(store) == ?2;
};

// --- validation and limit edges: nothing is stored on bad input
do {
  let store = newStore(1_000, 500);
  assert MessageStore.add(store, Blob.fromArray(Array.repeat<Nat8>(1, 19)), payload(1, 10), 0) == #err(#InvalidKeyId { expected_bytes = 20; actual_bytes = 19 });
  assert MessageStore.add(store, Blob.fromArray(Array.repeat<Nat8>(1, 21)), payload(1, 10), 0) == #err(#InvalidKeyId { expected_bytes = 20; actual_bytes = 21 });
  assert MessageStore.add(store, key(1), "", 0) == #err(#EmptyCiphertext);
  // per-message cap
  assert MessageStore.add(store, key(1), payload(1, 501), 0) == #err(#MessageTooLarge { ciphertext_bytes = 501; max_ciphertext_bytes = 500 });
  assert MessageStore.usage(store).message_count == 0 and MessageStore.usage(store).used_bytes == 0;
  assert MessageStore.minId(store) == null and MessageStore.maxId(store) == null;
  // limit cap: (300 - 80) rounded down to the 8-byte alignment = 216; its record is 296 bytes
  let small = newStore(300, 500);
  assert MessageStore.maxStorableCiphertext(small) == 216;
  assert MessageStore.add(small, key(1), payload(1, 217), 0) == #err(#MessageTooLarge { ciphertext_bytes = 217; max_ciphertext_bytes = 216 });
  ignore added(MessageStore.add(small, key(1), payload(1, 216), 0));
  assert MessageStore.usage(small).used_bytes == 296;
  // exactly full: a limit equal to the record's bytes takes it; one byte less does not
  let exact = newStore(cost(120), 500);
  ignore added(MessageStore.add(exact, key(1), payload(1, 120), 0));
  assert MessageStore.usage(exact).used_bytes == MessageStore.usage(exact).limit_bytes;
  let oneShort = newStore(cost(120) - 1, 500);
  assert MessageStore.add(oneShort, key(1), payload(1, 120), 0) == #err(#MessageTooLarge { ciphertext_bytes = 120; max_ciphertext_bytes = 112 });
  // exactly full with three messages; a fourth of one byte evicts one
  let three = newStore(3 * cost(64), 500);
  let model = List.empty<Expected>();
  ignore put(three, model, key(1), payload(1, 64), 1);
  ignore put(three, model, key(1), payload(2, 64), 2);
  ignore put(three, model, key(1), payload(3, 64), 3);
  assert MessageStore.usage(three).used_bytes == 3 * cost(64);
  assert put(three, model, key(2), payload(4, 1), 4).evicted_ids == [1];
  checkAll(three, model);
};

// --- eviction: oldest first, indexes cleaned, dedup after eviction, usage never above the limit
do {
  let size = 100;
  let store = newStore(cost(size) * 3, 1_000); // room for exactly three messages
  let model = List.empty<Expected>();
  ignore put(store, model, key(1), payload(1, size), 1);
  ignore put(store, model, key(2), payload(2, size), 2);
  ignore put(store, model, key(1), payload(3, size), 3);
  assert MessageStore.usage(store).used_bytes == cost(size) * 3;
  let fourth = put(store, model, key(4), payload(4, size), 4);
  assert fourth.id == 4 and fourth.evicted_ids == [1];
  assert MessageStore.get(store, 1) == null;
  assert MessageStore.getByHash(store, Sha256.digest(payload(1, size))) == null;
  assert ids(MessageStore.listByKey(store, key(1), null, 10)) == [3];
  assert MessageStore.usage(store).evicted_count == 1;
  checkAll(store, model);
  // one big message evicts several records: 288 bytes pad to a 368-byte record = two 184-byte ones
  let big = put(store, model, key(5), payload(5, 2 * cost(size) - overhead), 5);
  assert big.evicted_ids == [2, 3];
  assert MessageStore.usage(store).used_bytes == cost(size) * 3;
  assert MessageStore.keyCount(store) == 2; // key(1) and key(2) lost their last message
  assert MessageStore.minId(store) == ?4 and MessageStore.maxId(store) == ?5;
  checkAll(store, model);
  // a duplicate of an evicted message is stored again under a new id
  let revived = put(store, model, key(1), payload(1, size), 6);
  assert not revived.duplicate and revived.id == 6 and revived.evicted_ids == [4];
  checkAll(store, model);
};

// --- the ring: many passes, records split at the end, per-key chains across evictions
do {
  let store = newStore(1_000, 400); // capacity 1,000 bytes
  let model = List.empty<Expected>();
  var splits = 0;
  var wraps = 0;
  var i = 0;
  while (i < 40) {
    let size = 1 + (i * 53) % 300;
    let before = MessageStore.ringPositions(store);
    ignore put(store, model, key(Nat8.fromNat(i % 5)), payload(Nat8.fromNat(i), size), 100 + i);
    let after = MessageStore.ringPositions(store);
    if (before.tail + cost(size) > before.capacity) splits += 1;
    if (after.tail < before.tail) wraps += 1;
    checkAll(store, model);
    i += 1;
  };
  assert splits >= 3 and wraps >= 3;
  // a cursor from a page continues through the key's chain in the log
  let all = ids(MessageStore.listByKey(store, key(4), null, 100));
  if (all.size() >= 2) {
    let first = MessageStore.listByKey(store, key(4), null, 1);
    assert ids(first) == [all[0]] and first.next_before_id == ?all[0];
    let rest = MessageStore.listByKey(store, key(4), first.next_before_id, 100);
    assert ids(rest) == Array.sliceToArray(all, 1, all.size()) and rest.next_before_id == null;
  };
};

// --- hash-prefix collisions: 2 prefix bits for 12 messages, full hashes decide
do {
  let store = MessageStore.withMemory(LogMemory.newHeap(), 6 * cost(40), 400, 2);
  let model = List.empty<Expected>();
  var i = 0;
  while (i < 12) {
    ignore put(store, model, key(Nat8.fromNat(i % 3)), payload(Nat8.fromNat(i), 40), i);
    checkAll(store, model);
    i += 1;
  };
  assert MessageStore.storageStats(store).hash_collisions > 0;
  // every live message is found as a duplicate, evicted ones are not
  for (m in List.values(model)) {
    let again = added(MessageStore.add(store, m.keyId, m.ciphertext, 99));
    assert again.duplicate and again.id == m.id;
  };
  assert MessageStore.getByHash(store, Sha256.digest(payload(0, 40))) == null;
  // an evicted message's hash can be stored again even when its prefix is taken
  ignore put(store, model, key(1), payload(0, 40), 50);
  checkAll(store, model);
};

// --- paging by key, newest first
do {
  let store = newStore(1_000_000, 1_000);
  var n = 0;
  while (n < 25) {
    // key(7) gets ids 1, 3, 5, ... ; key(6) the even ones
    ignore added(MessageStore.add(store, key(if (n % 2 == 0) 7 else 6), payload(Nat8.fromNat(n), 10), n));
    n += 1;
  };
  let first = MessageStore.listByKey(store, key(7), null, 5);
  assert ids(first) == [25, 23, 21, 19, 17] and first.next_before_id == ?17;
  let second = MessageStore.listByKey(store, key(7), first.next_before_id, 5);
  assert ids(second) == [15, 13, 11, 9, 7] and second.next_before_id == ?7;
  let last = MessageStore.listByKey(store, key(7), second.next_before_id, 5);
  assert ids(last) == [5, 3, 1] and last.next_before_id == null;
  // a cursor that is not a message of the key (here: of the other key) works too
  let exact = MessageStore.listByKey(store, key(6), ?9, 4);
  assert ids(exact) == [8, 6, 4, 2] and exact.next_before_id == null;
  assert ids(MessageStore.listByKey(store, key(6), ?10, 2)) == [8, 6];
  assert ids(MessageStore.listByKey(store, key(7), ?1_000, 2)) == [25, 23];
  assert ids(MessageStore.listByKey(store, key(7), ?0, 5)) == [];
  assert ids(MessageStore.listByKey(store, key(5), null, 5)) == [];
  assert MessageStore.listByKey(store, key(7), null, 0).messages.size() == 13;
  assert MessageStore.listByKey(store, key(7), null, 1_000).messages.size() == 13;
};

// --- limit changes: lowering evicts down to it; raising a wrapped ring keeps every record
do {
  let store = newStore(10 * cost(48), 1_000);
  let model = List.empty<Expected>();
  var n = 0;
  while (n < 10) { ignore put(store, model, key(1), payload(Nat8.fromNat(n), 48), n); n += 1 };
  let evicted = MessageStore.setLimits(store, 4 * cost(48), 100);
  assert evicted == [1, 2, 3, 4, 5, 6];
  let kept = List.fromArray<Expected>(Array.sliceToArray(List.toArray(model), 6, 10));
  assert MessageStore.usage(store).message_count == 4 and MessageStore.usage(store).used_bytes == 4 * cost(48);
  checkAll(store, kept);
  assert MessageStore.add(store, key(1), payload(1, 101), 0) == #err(#MessageTooLarge { ciphertext_bytes = 101; max_ciphertext_bytes = 100 });
  assert MessageStore.setLimits(store, 0, 100) == [7, 8, 9, 10];
  assert MessageStore.usage(store).used_bytes == 0 and MessageStore.keyCount(store) == 0;
  checkAll(store, List.empty<Expected>());

  // wrapped ring with a record split at the end, then a larger limit: the ring grows
  let ring = newStore(500, 400);
  let ringModel = List.empty<Expected>();
  var i = 0;
  while (i < 7) { ignore put(ring, ringModel, key(Nat8.fromNat(i % 2)), payload(Nat8.fromNat(i + 20), 70 + i), i); i += 1 };
  let positions = MessageStore.ringPositions(ring);
  assert positions.tail <= positions.head; // wrapped
  assert MessageStore.setLimits(ring, 2_000, 400) == [];
  assert MessageStore.ringPositions(ring).capacity == 2_000;
  checkAll(ring, ringModel);
  while (i < 40) {
    ignore put(ring, ringModel, key(Nat8.fromNat(i % 3)), payload(Nat8.fromNat(i + 20), 30 + (i * 41) % 350), i);
    checkAll(ring, ringModel);
    i += 1;
  };
  // lower again: the ring keeps its size, usage follows the limit
  ignore MessageStore.setLimits(ring, 600, 400);
  let usage = MessageStore.usage(ring);
  assert usage.used_bytes <= 600 and MessageStore.ringPositions(ring).capacity == 2_000;
  assert List.size(ringModel) >= usage.message_count;
  let ringKept = List.fromArray<Expected>(Array.sliceToArray(List.toArray(ringModel), List.size(ringModel) - usage.message_count : Nat, List.size(ringModel)));
  checkAll(ring, ringKept);
};

Debug.print("message store: all checks passed");
