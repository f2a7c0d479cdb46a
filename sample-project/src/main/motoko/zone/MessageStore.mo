/// Size-limited message storage of a Zone: messages with auto-incrementing ids, de-duplication by
/// SHA-256, reads by id, by hash and by destination key, evicting the oldest messages when full.
///
/// Layout. Messages live in a **ring-buffer log** in stable memory (`LogMemory`, a `Region` in the
/// canister), not on the Motoko heap: a young canister's heap grows by everything ever allocated
/// (the incremental GC starts only at 64 MiB), and heap objects cost 8-byte words and headers, so a
/// heap copy of each message cost many times its payload (README, Benchmark). Eviction is oldest
/// first, which is exactly ring order: the log is `[head, tail)` modulo its capacity, and a record
/// may be split at the end of the ring. Each record is
///
///   offset  0  id                    Nat64
///           8  stored_at_ns          Int64 (as Nat64 bits)
///          16  previous id, same key Nat64 (0: none) — the by-key index is a chain through the log
///          24  ciphertext length     Nat32
///          28  key id                20 bytes
///          48  SHA-256 of ciphertext 32 bytes
///          80  ciphertext, zero-padded to a multiple of 8
///
/// Records start at multiples of 8 and the capacity is a multiple of 8, so the 8-byte fields of a
/// record are never split; only the key id, hash and ciphertext may wrap around.
///
/// The heap keeps only compact indexes: live ids are always consecutive (ids only grow, eviction
/// takes the lowest), so id → offset is a ring of offsets (`offsets`, one word per message);
/// by-hash is a map from the first 56 bits of the hash to an id (full hash checked in the log; a
/// second map holds the full hashes whose prefix was taken, so collisions stay correct); by-key is one
/// entry per distinct key: the newest id of that key.
///
/// Accounting is exact: `usedBytes` is the log bytes of the live records (`recordBytes`), never more
/// than `limitBytes`. The heap indexes are not charged (see `indexBytesEstimate`).
///
/// Why a module over a record rather than a class: the Zone keeps the `Store` in a stable variable
/// of a persistent actor, and only data (not objects with methods) survives upgrades.
import Map "mo:core/Map";
import Nat "mo:core/Nat";
import Nat8 "mo:core/Nat8";
import Nat32 "mo:core/Nat32";
import Nat64 "mo:core/Nat64";
import Int64 "mo:core/Int64";
import Blob "mo:core/Blob";
import List "mo:core/List";
import VarArray "mo:core/VarArray";
import Array "mo:core/Array";
import Sha256 "../common/Sha256";
import LogMemory "LogMemory";

module {
  /// Length of a destination key id (an EVM address).
  public let KEY_ID_BYTES : Nat = 20;
  /// Bytes of a record's header in the log (see the layout above).
  public let MESSAGE_OVERHEAD_BYTES : Nat = 80;
  /// Records are aligned to this many bytes.
  public let RECORD_ALIGNMENT : Nat = 8;
  /// Most messages one `list_by_key` page returns, whatever limit the caller asks for.
  public let MAX_PAGE_SIZE : Nat = 100;
  /// Bits of the hash used as the by-hash map key: small enough to stay an unboxed `Nat`.
  public let HASH_PREFIX_BITS : Nat = 56;

  let ID_AT = 0;
  let STORED_AT = 8;
  let PREVIOUS_AT = 16;
  let LENGTH_AT = 24;
  let KEY_AT = 28;
  let HASH_AT = 48;
  let HASH_BYTES = 32;

  public type Message = {
    id : Nat;
    key_id : Blob;
    hash : Blob;
    ciphertext : Blob;
    /// IC time (nanoseconds since the epoch) when the message was stored.
    stored_at_ns : Int;
  };

  public type Store = {
    var limitBytes : Nat;
    var maxCiphertextBytes : Nat;
    /// Size of the ring in bytes: a multiple of 8, at least `limitBytes`. It only grows (a lower
    /// limit just evicts), because stable memory cannot shrink anyway.
    var capacityBytes : Nat;
    var usedBytes : Nat;
    /// Offset of the oldest record; equals `tailOffset` when empty.
    var headOffset : Nat;
    /// Offset where the next record goes.
    var tailOffset : Nat;
    var nextId : Nat;
    var evictedCount : Nat;
    /// `offsets[(offsetsHead + i) % offsets.size()]` is the log offset of message `minId + i`.
    var offsets : [var Nat];
    var offsetsHead : Nat;
    var count : Nat;
    hashPrefixBits : Nat;
    byHashPrefix : Map.Map<Nat, Nat>;
    /// Full hash → id for messages whose hash prefix was already taken in `byHashPrefix`.
    byHashCollision : Map.Map<Blob, Nat>;
    newestByKey : Map.Map<Blob, Nat>;
    log : LogMemory.LogMemory;
    /// Reused by every `add`, so hashing allocates only its result.
    hashing : Sha256.Workspace;
  };

  public type AddError = {
    #InvalidKeyId : { expected_bytes : Nat; actual_bytes : Nat };
    #EmptyCiphertext;
    /// The message alone is bigger than the store may hold (or than the per-message maximum).
    #MessageTooLarge : { ciphertext_bytes : Nat; max_ciphertext_bytes : Nat };
  };

  public type Added = {
    id : Nat;
    hash : Blob;
    /// True when the same ciphertext was already stored: `id` is the existing message's id.
    duplicate : Bool;
    /// Ids of the oldest messages removed to make room, oldest first.
    evicted_ids : [Nat];
  };

  public type Usage = {
    used_bytes : Nat;
    message_count : Nat;
    limit_bytes : Nat;
    max_ciphertext_bytes : Nat;
    evicted_count : Nat;
  };

  public type Page = {
    messages : [Message];
    /// Pass as `before_id` to get the next (older) page; null when there is nothing older.
    next_before_id : ?Nat;
  };

  /// Sizes of the log and of the heap indexes (the storage benchmark reports them).
  public type StorageStats = {
    /// Bytes of the live records in the log (= `used_bytes`).
    log_bytes : Nat;
    /// Size of the ring; the log never writes beyond it.
    log_capacity_bytes : Nat;
    /// Stable memory the log's region holds (whole 64 KiB pages).
    log_memory_bytes : Nat;
    message_count : Nat;
    distinct_keys : Nat;
    hash_collisions : Nat;
    /// Slots of the id → offset ring (one 8-byte word each).
    offset_slots : Nat;
    /// Heap bytes of the indexes, **computed** from their entry counts (see `indexBytesEstimate`);
    /// heap use cannot be measured per structure inside the runtime's allocation partition.
    index_heap_bytes_computed : Nat;
  };

  /// An empty store whose log lives in a new stable-memory region (canister code).
  public func empty(limitBytes : Nat, maxCiphertextBytes : Nat) : Store {
    withMemory(LogMemory.newRegion(), limitBytes, maxCiphertextBytes, HASH_PREFIX_BITS);
  };

  /// An empty store over `log`, keying the by-hash map by `hashPrefixBits` (1..56) bits of the hash.
  /// Tests pass a heap memory and few bits to force prefix collisions.
  public func withMemory(log : LogMemory.LogMemory, limitBytes : Nat, maxCiphertextBytes : Nat, hashPrefixBits : Nat) : Store {
    assert hashPrefixBits >= 1 and hashPrefixBits <= HASH_PREFIX_BITS;
    {
      var limitBytes;
      var maxCiphertextBytes;
      var capacityBytes = alignUp(limitBytes);
      var usedBytes = 0;
      var headOffset = 0;
      var tailOffset = 0;
      var nextId = 1;
      var evictedCount = 0;
      var offsets = VarArray.repeat<Nat>(0, 16);
      var offsetsHead = 0;
      var count = 0;
      hashPrefixBits;
      byHashPrefix = Map.empty<Nat, Nat>();
      byHashCollision = Map.empty<Blob, Nat>();
      newestByKey = Map.empty<Blob, Nat>();
      log;
      hashing = Sha256.workspace();
    };
  };

  func alignUp(bytes : Nat) : Nat = (bytes + RECORD_ALIGNMENT - 1) / RECORD_ALIGNMENT * RECORD_ALIGNMENT;

  /// Log bytes of a message with a ciphertext of `ciphertextBytes` bytes: header plus padded ciphertext.
  public func recordBytes(ciphertextBytes : Nat) : Nat = MESSAGE_OVERHEAD_BYTES + alignUp(ciphertextBytes);

  /// The largest ciphertext that can be stored at all under the current limits.
  public func maxStorableCiphertext(store : Store) : Nat {
    let byLimit = if (store.limitBytes > MESSAGE_OVERHEAD_BYTES) {
      // The padded ciphertext must fit: round the room down to the alignment.
      (store.limitBytes - MESSAGE_OVERHEAD_BYTES : Nat) / RECORD_ALIGNMENT * RECORD_ALIGNMENT;
    } else { 0 };
    Nat.min(byLimit, store.maxCiphertextBytes);
  };

  /// Checks a message without storing it.
  public func validate(store : Store, keyId : Blob, ciphertext : Blob) : ?AddError {
    if (keyId.size() != KEY_ID_BYTES) {
      return ?#InvalidKeyId({ expected_bytes = KEY_ID_BYTES; actual_bytes = keyId.size() });
    };
    if (ciphertext.size() == 0) return ?#EmptyCiphertext;
    let max = maxStorableCiphertext(store);
    if (ciphertext.size() > max) {
      return ?#MessageTooLarge({ ciphertext_bytes = ciphertext.size(); max_ciphertext_bytes = max });
    };
    null;
  };

  // ---------------------------------------------------------------- ring positions

  func wrap(store : Store, offset : Nat) : Nat = offset % store.capacityBytes;

  func minIdOf(store : Store) : Nat = store.nextId - store.count : Nat;

  func offsetOf(store : Store, id : Nat) : ?Nat {
    if (store.count == 0 or id < minIdOf(store) or id >= store.nextId) return null;
    ?store.offsets[(store.offsetsHead + (id - minIdOf(store) : Nat)) % store.offsets.size()];
  };

  func pushOffset(store : Store, offset : Nat) {
    if (store.count == store.offsets.size()) {
      // Full: unroll into an array twice the size, oldest first.
      let old = store.offsets;
      let head = store.offsetsHead;
      store.offsets := VarArray.tabulate<Nat>(2 * old.size(), func i = if (i < old.size()) old[(head + i) % old.size()] else 0);
      store.offsetsHead := 0;
    };
    store.offsets[(store.offsetsHead + store.count) % store.offsets.size()] := offset;
    store.count += 1;
  };

  func popOldestOffset(store : Store) {
    store.offsetsHead := (store.offsetsHead + 1) % store.offsets.size();
    store.count -= 1;
  };

  // ---------------------------------------------------------------- log bytes (wrapping)

  // Fields at 8-aligned positions of 8-aligned records never wrap (the capacity is 8-aligned too).
  func loadWord(store : Store, record : Nat, field : Nat) : Nat64 = LogMemory.loadNat64(store.log, wrap(store, record + field));

  func storeBytes(store : Store, offset : Nat, bytes : Blob) {
    let start = wrap(store, offset);
    if (start + bytes.size() <= store.capacityBytes) {
      LogMemory.storeBlob(store.log, start, bytes);
    } else {
      // Split at the end of the ring: happens for at most one record per pass over the ring.
      var position = start;
      for (byte in bytes.vals()) {
        LogMemory.storeNat8(store.log, wrap(store, position), byte);
        position += 1;
      };
    };
  };

  func loadBytes(store : Store, offset : Nat, length : Nat) : Blob {
    let start = wrap(store, offset);
    if (start + length <= store.capacityBytes) {
      LogMemory.loadBlob(store.log, start, length);
    } else {
      let log = store.log;
      let capacity = store.capacityBytes;
      Blob.fromArray(Array.tabulate<Nat8>(length, func i = LogMemory.loadNat8(log, (start + i) % capacity)));
    };
  };

  func recordLength(store : Store, record : Nat) : Nat = Nat32.toNat(LogMemory.loadNat32(store.log, wrap(store, record + LENGTH_AT)));

  func previousOf(store : Store, record : Nat) : Nat = Nat64.toNat(loadWord(store, record, PREVIOUS_AT));

  func readMessage(store : Store, record : Nat) : Message {
    {
      id = Nat64.toNat(loadWord(store, record, ID_AT));
      stored_at_ns = Int64.toInt(Int64.fromNat64(loadWord(store, record, STORED_AT)));
      key_id = loadBytes(store, record + KEY_AT, KEY_ID_BYTES);
      hash = loadBytes(store, record + HASH_AT, HASH_BYTES);
      ciphertext = loadBytes(store, record + MESSAGE_OVERHEAD_BYTES, recordLength(store, record));
    };
  };

  // ---------------------------------------------------------------- by-hash index

  func prefixMask(store : Store) : Nat64 = (1 << Nat64.fromNat(store.hashPrefixBits)) - 1;

  /// The first 8 bytes of a hash, little-endian (as `Region.loadNat64` reads them), masked.
  /// Why an iterator: `hash.get(i)` allocates a closure per byte.
  func hashPrefix(store : Store, hash : Blob) : Nat {
    var value : Nat64 = 0;
    var shift : Nat64 = 0;
    let bytes = hash.vals();
    while (shift < 64) {
      switch (bytes.next()) {
        case (?byte) value |= Nat64.fromNat(Nat8.toNat(byte)) << shift;
        case null {};
      };
      shift += 8;
    };
    Nat64.toNat(value & prefixMask(store));
  };

  func storedHashPrefix(store : Store, record : Nat) : Nat = Nat64.toNat(loadWord(store, record, HASH_AT) & prefixMask(store));

  func findByHash(store : Store, hash : Blob) : ?Nat {
    if (hash.size() != HASH_BYTES) return null;
    switch (Map.get(store.byHashPrefix, Nat.compare, hashPrefix(store, hash))) {
      case (?id) {
        switch (offsetOf(store, id)) {
          case (?record) if (loadBytes(store, record + HASH_AT, HASH_BYTES) == hash) return ?id;
          case null {};
        };
      };
      case null {};
    };
    if (Map.isEmpty(store.byHashCollision)) null else Map.get(store.byHashCollision, Blob.compare, hash);
  };

  // ---------------------------------------------------------------- writes

  /// Stores `ciphertext` for the destination `keyId`, evicting the oldest messages until it fits.
  /// A ciphertext already stored (same SHA-256) is not stored again: its existing id is returned.
  public func add(store : Store, keyId : Blob, ciphertext : Blob, nowNs : Int) : {
    #ok : Added;
    #err : AddError;
  } {
    switch (validate(store, keyId, ciphertext)) {
      case (?error) return #err(error);
      case null {};
    };
    let hash = Sha256.digestWith(store.hashing, ciphertext);
    switch (findByHash(store, hash)) {
      case (?existingId) return #ok({ id = existingId; hash; duplicate = true; evicted_ids = [] });
      case null {};
    };
    let cost = recordBytes(ciphertext.size());
    var evicted : [Nat] = [];
    if (store.usedBytes + cost > store.limitBytes) {
      let list = List.empty<Nat>();
      while (store.usedBytes + cost > store.limitBytes) {
        switch (evictOldest(store)) {
          case (?id) List.add(list, id);
          // Unreachable: validate() guarantees the message fits in an empty store.
          case null return #err(#MessageTooLarge({ ciphertext_bytes = ciphertext.size(); max_ciphertext_bytes = maxStorableCiphertext(store) }));
        };
      };
      evicted := List.toArray(list);
    };
    let id = store.nextId;
    let record = store.tailOffset;
    let previous = switch (Map.get(store.newestByKey, Blob.compare, keyId)) { case (?p) p; case null 0 };
    // The ring is allocated lazily: grow the region only as far as this record reaches.
    LogMemory.ensure(store.log, Nat.min(record + cost, store.capacityBytes));
    LogMemory.storeNat64(store.log, wrap(store, record + ID_AT), Nat64.fromNat(id));
    LogMemory.storeNat64(store.log, wrap(store, record + STORED_AT), Int64.toNat64(Int64.fromInt(nowNs)));
    LogMemory.storeNat64(store.log, wrap(store, record + PREVIOUS_AT), Nat64.fromNat(previous));
    LogMemory.storeNat32(store.log, wrap(store, record + LENGTH_AT), Nat32.fromNat(ciphertext.size()));
    storeBytes(store, record + KEY_AT, keyId);
    storeBytes(store, record + HASH_AT, hash);
    storeBytes(store, record + MESSAGE_OVERHEAD_BYTES, ciphertext);
    store.tailOffset := wrap(store, record + cost);
    store.usedBytes += cost;
    store.nextId += 1;
    pushOffset(store, record);
    let prefix = storedHashPrefix(store, record);
    if (Map.containsKey(store.byHashPrefix, Nat.compare, prefix)) {
      Map.add(store.byHashCollision, Blob.compare, hash, id);
    } else {
      Map.add(store.byHashPrefix, Nat.compare, prefix, id);
    };
    Map.add(store.newestByKey, Blob.compare, keyId, id);
    #ok({ id; hash; duplicate = false; evicted_ids = evicted });
  };

  /// Removes the oldest message and every index entry pointing at it; its id, or null when empty.
  public func evictOldest(store : Store) : ?Nat {
    if (store.count == 0) return null;
    let id = minIdOf(store);
    let record = store.offsets[store.offsetsHead];
    let prefix = storedHashPrefix(store, record);
    if (Map.get(store.byHashPrefix, Nat.compare, prefix) == ?id) {
      Map.remove(store.byHashPrefix, Nat.compare, prefix);
    } else {
      Map.remove(store.byHashCollision, Blob.compare, loadBytes(store, record + HASH_AT, HASH_BYTES));
    };
    let keyId = loadBytes(store, record + KEY_AT, KEY_ID_BYTES);
    // The oldest message is the newest of its key only when it is the key's last one.
    if (Map.get(store.newestByKey, Blob.compare, keyId) == ?id) Map.remove(store.newestByKey, Blob.compare, keyId);
    let cost = recordBytes(recordLength(store, record));
    store.usedBytes -= cost;
    store.headOffset := wrap(store, record + cost);
    popOldestOffset(store);
    store.evictedCount += 1;
    ?id;
  };

  /// Changes the limits (e.g. after an upgrade with new init arguments), evicting the oldest
  /// messages until usage fits the new limit. Returns the evicted ids, oldest first.
  public func setLimits(store : Store, limitBytes : Nat, maxCiphertextBytes : Nat) : [Nat] {
    store.limitBytes := limitBytes;
    store.maxCiphertextBytes := maxCiphertextBytes;
    let evicted = List.empty<Nat>();
    label evicting while (store.usedBytes > store.limitBytes) {
      switch (evictOldest(store)) {
        case (?id) List.add(evicted, id);
        case null break evicting;
      };
    };
    if (alignUp(limitBytes) > store.capacityBytes) growRing(store, alignUp(limitBytes));
    List.toArray(evicted);
  };

  /// Enlarges the ring to `capacity` bytes, keeping every record readable at its (maybe new) offset.
  func growRing(store : Store, capacity : Nat) {
    let old = store.capacityBytes;
    if (store.count == 0) {
      store.headOffset := 0;
      store.tailOffset := 0;
    } else if (store.tailOffset <= store.headOffset) {
      // Wrapped: [head, old) then [0, tail). Move the first part to the end of the larger ring, so
      // the part at [0, tail) (and a record split across the old end) continue where they should.
      let shift = capacity - old : Nat;
      LogMemory.ensure(store.log, capacity);
      LogMemory.moveUp(store.log, store.headOffset, store.headOffset + shift, old - store.headOffset : Nat);
      var i = 0;
      while (i < store.count) {
        let slot = (store.offsetsHead + i) % store.offsets.size();
        if (store.offsets[slot] >= store.headOffset) store.offsets[slot] += shift;
        i += 1;
      };
      store.headOffset += shift;
    };
    // Not wrapped: [head, tail) stays; the next records simply run on past the old end.
    store.capacityBytes := capacity;
  };

  // ---------------------------------------------------------------- reads

  public func get(store : Store, id : Nat) : ?Message {
    switch (offsetOf(store, id)) {
      case (?record) ?readMessage(store, record);
      case null null;
    };
  };

  public func getByHash(store : Store, hash : Blob) : ?Message {
    switch (findByHash(store, hash)) {
      case (?id) get(store, id);
      case null null;
    };
  };

  /// Messages for `keyId`, newest first: ids strictly below `beforeId` (all when null), at most
  /// `limit` (capped at MAX_PAGE_SIZE; 0 means MAX_PAGE_SIZE).
  public func listByKey(store : Store, keyId : Blob, beforeId : ?Nat, limit : Nat) : Page {
    let pageSize = if (limit == 0 or limit > MAX_PAGE_SIZE) { MAX_PAGE_SIZE } else { limit };
    let newest = switch (Map.get(store.newestByKey, Blob.compare, keyId)) {
      case (?id) id;
      case null return { messages = []; next_before_id = null };
    };
    let minId = minIdOf(store);
    // Walk the key's chain (ids strictly decrease; ids below minId were evicted).
    var id = newest;
    switch (beforeId) {
      case null {};
      case (?before) {
        // A cursor from a previous page is a message of this key: continue from its predecessor
        // without walking the chain from the newest again.
        let resumed = switch (offsetOf(store, before)) {
          case (?record) {
            if (loadBytes(store, record + KEY_AT, KEY_ID_BYTES) == keyId) { id := previousOf(store, record); true } else false;
          };
          case null false;
        };
        if (not resumed) {
          while (id >= before and id >= minId and id != 0) {
            id := switch (offsetOf(store, id)) { case (?record) previousOf(store, record); case null 0 };
          };
        };
      };
    };
    let page = List.empty<Message>();
    var next : ?Nat = null;
    label collecting while (id != 0 and id >= minId) {
      let record = switch (offsetOf(store, id)) { case (?r) r; case null break collecting };
      if (List.size(page) == pageSize) {
        // One more exists: the cursor is the last id returned.
        next := switch (List.last(page)) { case (?last) ?last.id; case null null };
        break collecting;
      };
      List.add(page, readMessage(store, record));
      id := previousOf(store, record);
    };
    { messages = List.toArray(page); next_before_id = next };
  };

  public func minId(store : Store) : ?Nat = if (store.count == 0) null else ?minIdOf(store);

  public func maxId(store : Store) : ?Nat = if (store.count == 0) null else ?(store.nextId - 1 : Nat);

  public func usage(store : Store) : Usage {
    {
      used_bytes = store.usedBytes;
      message_count = store.count;
      limit_bytes = store.limitBytes;
      max_ciphertext_bytes = store.maxCiphertextBytes;
      evicted_count = store.evictedCount;
    };
  };

  /// Heap bytes of the indexes, computed from their sizes under the 64-bit Motoko object layout
  /// (16-byte object header incl. the incremental GC's forwarding pointer, 8-byte words):
  /// - id → offset ring: 8 bytes per slot plus the array header;
  /// - a `Map` entry: the `(key, value)` tuple (header + 2 words = 32 B) plus its B-tree slot,
  ///   8 B at 100 % fill, 16 B at the 50 % minimum fill of a split node: 48 B counted (upper bound);
  /// - a 20-byte key id Blob (header + length word + 20 bytes, rounded to words: 48 B) per distinct
  ///   key, and a 32-byte hash Blob (56 B) per collision entry.
  /// Small `Nat`s (ids, offsets, 56-bit prefixes) are unboxed and cost no extra object.
  public func indexBytesEstimate(store : Store) : Nat {
    let mapEntry = 48;
    16 + 8 * store.offsets.size()
    + mapEntry * Map.size(store.byHashPrefix)
    + (mapEntry + 56) * Map.size(store.byHashCollision)
    + (mapEntry + 48) * Map.size(store.newestByKey);
  };

  public func storageStats(store : Store) : StorageStats {
    {
      log_bytes = store.usedBytes;
      log_capacity_bytes = store.capacityBytes;
      log_memory_bytes = LogMemory.size(store.log);
      message_count = store.count;
      distinct_keys = Map.size(store.newestByKey);
      hash_collisions = Map.size(store.byHashCollision);
      offset_slots = store.offsets.size();
      index_heap_bytes_computed = indexBytesEstimate(store);
    };
  };

  /// Number of destination keys with at least one message (tests check that evictions clean up).
  public func keyCount(store : Store) : Nat = Map.size(store.newestByKey);

  /// Number of by-hash index entries (tests check that evictions clean up).
  public func hashIndexSize(store : Store) : Nat = Map.size(store.byHashPrefix) + Map.size(store.byHashCollision);

  /// All stored ids, oldest first.
  public func ids(store : Store) : [Nat] = Array.tabulate<Nat>(store.count, func i = minIdOf(store) + i);

  /// Offset of the oldest and of the next record in the ring (tests check wrap-around).
  public func ringPositions(store : Store) : { head : Nat; tail : Nat; capacity : Nat } {
    { head = store.headOffset; tail = store.tailOffset; capacity = store.capacityBytes };
  };
};
