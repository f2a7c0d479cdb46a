// Tests for zone/MessageStore.mo: ids, de-duplication, validation, eviction of the oldest messages
// with their index entries, paging by destination key, and limit changes.
import MessageStore "../../main/motoko/zone/MessageStore";
import Sha256 "../../main/motoko/common/Sha256";
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Nat8 "mo:core/Nat8";
import Debug "mo:core/Debug";

func key(n : Nat8) : Blob = Blob.fromArray(Array.repeat<Nat8>(n, 20));
func payload(fill : Nat8, size : Nat) : Blob = Blob.fromArray(Array.tabulate<Nat8>(size, func i = if (i == 0) fill else Nat8.fromNat(i % 251)));
let overhead = MessageStore.MESSAGE_OVERHEAD_BYTES;

func added(result : { #ok : MessageStore.Added; #err : MessageStore.AddError }) : MessageStore.Added {
  switch result {
    case (#ok a) a;
    case (#err e) { Debug.print("unexpected error " # debug_show e); assert false; loop {} };
  };
};

func ids(page : MessageStore.Page) : [Nat] = Array.map<MessageStore.Message, Nat>(page.messages, func m = m.id);

// --- ids, lookups, duplicates
do {
  let store = MessageStore.empty(10_000, 1_000);
  let first = added(MessageStore.add(store, key(1), payload(1, 100), 5));
  assert first.id == 1 and not first.duplicate and first.evicted_ids == [];
  assert first.hash == Sha256.digest(payload(1, 100));
  let second = added(MessageStore.add(store, key(2), payload(2, 100), 6));
  assert second.id == 2;
  let again = added(MessageStore.add(store, key(3), payload(1, 100), 7));
  assert again.id == 1 and again.duplicate;
  let usage = MessageStore.usage(store);
  assert usage.message_count == 2 and usage.used_bytes == 2 * (100 + overhead) and usage.limit_bytes == 10_000;
  switch (MessageStore.get(store, 2)) {
    case (?m) assert m.key_id == key(2) and m.ciphertext == payload(2, 100) and m.stored_at_ns == 6;
    case null assert false;
  };
  switch (MessageStore.getByHash(store, first.hash)) { case (?m) assert m.id == 1; case null assert false };
  assert MessageStore.get(store, 3) == null;
  assert MessageStore.getByHash(store, Sha256.digest("nope")) == null;
  assert MessageStore.minId(store) == ?1 and MessageStore.maxId(store) == ?2;
};

// --- validation: nothing is stored on bad input
do {
  let store = MessageStore.empty(1_000, 500);
  assert MessageStore.add(store, Blob.fromArray(Array.repeat<Nat8>(1, 19)), payload(1, 10), 0) == #err(#InvalidKeyId { expected_bytes = 20; actual_bytes = 19 });
  assert MessageStore.add(store, Blob.fromArray(Array.repeat<Nat8>(1, 21)), payload(1, 10), 0) == #err(#InvalidKeyId { expected_bytes = 20; actual_bytes = 21 });
  assert MessageStore.add(store, key(1), "", 0) == #err(#EmptyCiphertext);
  // per-message cap
  assert MessageStore.add(store, key(1), payload(1, 501), 0) == #err(#MessageTooLarge { ciphertext_bytes = 501; max_ciphertext_bytes = 500 });
  let small = MessageStore.empty(300, 500);
  let fits : Nat = 300 - overhead;
  // limit cap: 300 - overhead
  assert MessageStore.add(small, key(1), payload(1, fits + 1), 0) == #err(#MessageTooLarge { ciphertext_bytes = fits + 1; max_ciphertext_bytes = fits });
  ignore added(MessageStore.add(small, key(1), payload(1, fits), 0));
  assert MessageStore.usage(small).used_bytes == 300;
  assert MessageStore.usage(store).message_count == 0 and MessageStore.usage(store).used_bytes == 0;
  assert MessageStore.minId(store) == null and MessageStore.maxId(store) == null;
};

// --- eviction: oldest first, indexes cleaned, usage never above the limit
do {
  let size = 100;
  let cost = size + overhead;
  let store = MessageStore.empty(cost * 3, 1_000); // room for exactly three messages
  ignore added(MessageStore.add(store, key(1), payload(1, size), 1));
  ignore added(MessageStore.add(store, key(2), payload(2, size), 2));
  ignore added(MessageStore.add(store, key(1), payload(3, size), 3));
  assert MessageStore.usage(store).used_bytes == cost * 3;
  let fourth = added(MessageStore.add(store, key(4), payload(4, size), 4));
  assert fourth.id == 4 and fourth.evicted_ids == [1];
  assert MessageStore.get(store, 1) == null;
  assert MessageStore.getByHash(store, Sha256.digest(payload(1, size))) == null;
  assert ids(MessageStore.listByKey(store, key(1), null, 10)) == [3];
  assert MessageStore.usage(store).used_bytes == cost * 3 and MessageStore.usage(store).evicted_count == 1;
  // a bigger message evicts as many old ones as needed
  let big = added(MessageStore.add(store, key(5), payload(5, 2 * size + overhead), 5));
  assert big.evicted_ids == [2, 3];
  assert MessageStore.usage(store).used_bytes == cost * 3;
  assert MessageStore.keyCount(store) == 2; // key(1) and key(2) lost their last message
  assert MessageStore.hashIndexSize(store) == 2;
  assert MessageStore.minId(store) == ?4 and MessageStore.maxId(store) == ?5;
  // a duplicate of an evicted message is stored again under a new id
  let revived = added(MessageStore.add(store, key(1), payload(1, size), 6));
  assert not revived.duplicate and revived.id == 6 and revived.evicted_ids == [4];
  // many writes: the invariant holds throughout
  var i = 0;
  while (i < 60) {
    ignore added(MessageStore.add(store, key(Nat8.fromNat(i % 7)), payload(Nat8.fromNat(i % 256), 10 + (i * 37) % 250), 10 + i));
    assert MessageStore.usage(store).used_bytes <= MessageStore.usage(store).limit_bytes;
    i += 1;
  };
  var indexed = 0;
  for (k in Array.tabulate<Nat8>(7, func j = Nat8.fromNat(j)).vals()) {
    indexed += MessageStore.listByKey(store, key(k), null, 100).messages.size();
  };
  assert indexed == MessageStore.usage(store).message_count;
  assert MessageStore.hashIndexSize(store) == MessageStore.usage(store).message_count;
};

// --- paging by key, newest first
do {
  let store = MessageStore.empty(1_000_000, 1_000);
  var n = 0;
  while (n < 25) {
    // key(9) gets ids 1, 3, 5, ... ; key(8) the even ones
    ignore added(MessageStore.add(store, key(if (n % 2 == 0) 9 else 8), payload(Nat8.fromNat(n), 10), n));
    n += 1;
  };
  let first = MessageStore.listByKey(store, key(9), null, 5);
  assert ids(first) == [25, 23, 21, 19, 17] and first.next_before_id == ?17;
  let second = MessageStore.listByKey(store, key(9), first.next_before_id, 5);
  assert ids(second) == [15, 13, 11, 9, 7] and second.next_before_id == ?7;
  let last = MessageStore.listByKey(store, key(9), second.next_before_id, 5);
  assert ids(last) == [5, 3, 1] and last.next_before_id == null;
  let exact = MessageStore.listByKey(store, key(8), ?9, 4);
  assert ids(exact) == [8, 6, 4, 2] and exact.next_before_id == null;
  assert ids(MessageStore.listByKey(store, key(9), ?0, 5)) == [];
  assert ids(MessageStore.listByKey(store, key(7), null, 5)) == [];
  assert MessageStore.listByKey(store, key(9), null, 0).messages.size() == 13;
  assert MessageStore.listByKey(store, key(9), null, 1_000).messages.size() == 13;
};

// --- lowering the limit evicts down to it
do {
  let store = MessageStore.empty(10 * (50 + overhead), 1_000);
  var n = 0;
  while (n < 10) { ignore added(MessageStore.add(store, key(1), payload(Nat8.fromNat(n), 50), n)); n += 1 };
  let evicted = MessageStore.setLimits(store, 4 * (50 + overhead), 100);
  assert evicted == [1, 2, 3, 4, 5, 6];
  assert MessageStore.usage(store).message_count == 4 and MessageStore.usage(store).used_bytes == 4 * (50 + overhead);
  assert MessageStore.add(store, key(1), payload(1, 101), 0) == #err(#MessageTooLarge { ciphertext_bytes = 101; max_ciphertext_bytes = 100 });
  assert MessageStore.setLimits(store, 0, 100) == [7, 8, 9, 10];
  assert MessageStore.usage(store).used_bytes == 0 and MessageStore.keyCount(store) == 0;
};

Debug.print("message store: all checks passed");
