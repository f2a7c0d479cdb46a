/// Size-limited message storage of a Zone: messages with auto-incrementing ids, a by-hash index
/// (de-duplication) and a by-destination-key index, evicting the oldest messages when full.
///
/// Why a module over a record of `mo:core` maps rather than a class: the Zone keeps the `Store` in a
/// stable variable of a persistent actor, and only data (not objects with methods) survives
/// upgrades under enhanced orthogonal persistence.
///
/// Accounting: a message costs `ciphertext.size() + MESSAGE_OVERHEAD_BYTES`. The overhead stands for
/// what the canister keeps besides the ciphertext (20-byte key id, 32-byte hash, id, timestamp, and
/// the entries of the three maps), rounded up so that usage is a conservative figure.
/// Invariant: `usedBytes <= limitBytes` after every operation.
import Map "mo:core/Map";
import Set "mo:core/Set";
import Nat "mo:core/Nat";
import Blob "mo:core/Blob";
import Iter "mo:core/Iter";
import List "mo:core/List";
import Sha256 "../common/Sha256";

module {
  /// Length of a destination key id (an EVM address).
  public let KEY_ID_BYTES : Nat = 20;
  /// Fixed bytes charged per stored message on top of its ciphertext (see the module comment).
  public let MESSAGE_OVERHEAD_BYTES : Nat = 128;
  /// Most messages one `list_by_key` page returns, whatever limit the caller asks for.
  public let MAX_PAGE_SIZE : Nat = 100;

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
    var usedBytes : Nat;
    var nextId : Nat;
    var evictedCount : Nat;
    messages : Map.Map<Nat, Message>;
    byHash : Map.Map<Blob, Nat>;
    byKey : Map.Map<Blob, Set.Set<Nat>>;
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

  /// An empty store. `limitBytes` is the whole budget; `maxCiphertextBytes` caps a single message.
  public func empty(limitBytes : Nat, maxCiphertextBytes : Nat) : Store {
    {
      var limitBytes;
      var maxCiphertextBytes;
      var usedBytes = 0;
      var nextId = 1;
      var evictedCount = 0;
      messages = Map.empty<Nat, Message>();
      byHash = Map.empty<Blob, Nat>();
      byKey = Map.empty<Blob, Set.Set<Nat>>();
    };
  };

  /// Bytes charged for a message with a ciphertext of `ciphertextBytes` bytes.
  public func messageBytes(ciphertextBytes : Nat) : Nat = ciphertextBytes + MESSAGE_OVERHEAD_BYTES;

  /// The largest ciphertext that can be stored at all under the current limits.
  public func maxStorableCiphertext(store : Store) : Nat {
    let byLimit = if (store.limitBytes > MESSAGE_OVERHEAD_BYTES) {
      store.limitBytes - MESSAGE_OVERHEAD_BYTES : Nat;
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
    let hash = Sha256.digest(ciphertext);
    switch (Map.get(store.byHash, Blob.compare, hash)) {
      case (?existingId) return #ok({ id = existingId; hash; duplicate = true; evicted_ids = [] });
      case null {};
    };
    let cost = messageBytes(ciphertext.size());
    let evicted = List.empty<Nat>();
    while (store.usedBytes + cost > store.limitBytes) {
      switch (evictOldest(store)) {
        case (?id) List.add(evicted, id);
        // Unreachable: validate() guarantees the message fits in an empty store.
        case null return #err(#MessageTooLarge({ ciphertext_bytes = ciphertext.size(); max_ciphertext_bytes = maxStorableCiphertext(store) }));
      };
    };
    let id = store.nextId;
    store.nextId += 1;
    let message : Message = { id; key_id = keyId; hash; ciphertext; stored_at_ns = nowNs };
    Map.add(store.messages, Nat.compare, id, message);
    Map.add(store.byHash, Blob.compare, hash, id);
    let ids = switch (Map.get(store.byKey, Blob.compare, keyId)) {
      case (?existing) existing;
      case null {
        let created = Set.empty<Nat>();
        Map.add(store.byKey, Blob.compare, keyId, created);
        created;
      };
    };
    Set.add(ids, Nat.compare, id);
    store.usedBytes += cost;
    #ok({ id; hash; duplicate = false; evicted_ids = List.toArray(evicted) });
  };

  /// Removes the oldest message and every index entry pointing at it; its id, or null when empty.
  public func evictOldest(store : Store) : ?Nat {
    switch (Map.minEntry(store.messages)) {
      case null null;
      case (?(id, message)) {
        remove(store, message);
        store.evictedCount += 1;
        ?id;
      };
    };
  };

  func remove(store : Store, message : Message) {
    Map.remove(store.messages, Nat.compare, message.id);
    Map.remove(store.byHash, Blob.compare, message.hash);
    switch (Map.get(store.byKey, Blob.compare, message.key_id)) {
      case (?ids) {
        Set.remove(ids, Nat.compare, message.id);
        if (Set.isEmpty(ids)) Map.remove(store.byKey, Blob.compare, message.key_id);
      };
      case null {};
    };
    store.usedBytes -= messageBytes(message.ciphertext.size());
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
    List.toArray(evicted);
  };

  public func get(store : Store, id : Nat) : ?Message = Map.get(store.messages, Nat.compare, id);

  public func getByHash(store : Store, hash : Blob) : ?Message {
    switch (Map.get(store.byHash, Blob.compare, hash)) {
      case (?id) get(store, id);
      case null null;
    };
  };

  /// Messages for `keyId`, newest first: ids strictly below `beforeId` (all when null), at most
  /// `limit` (capped at MAX_PAGE_SIZE; 0 means MAX_PAGE_SIZE).
  public func listByKey(store : Store, keyId : Blob, beforeId : ?Nat, limit : Nat) : Page {
    let pageSize = if (limit == 0 or limit > MAX_PAGE_SIZE) { MAX_PAGE_SIZE } else { limit };
    let ids = switch (Map.get(store.byKey, Blob.compare, keyId)) {
      case (?ids) ids;
      case null return { messages = []; next_before_id = null };
    };
    let iterator = switch (beforeId) {
      case null Set.reverseValues(ids);
      case (?0) return { messages = []; next_before_id = null };
      case (?before) Set.reverseValuesFrom(ids, Nat.compare, before - 1 : Nat);
    };
    let page = List.empty<Message>();
    var next : ?Nat = null;
    label collecting for (id in iterator) {
      if (List.size(page) == pageSize) {
        // One more exists: the cursor is the last id returned.
        next := switch (List.last(page)) { case (?last) ?last.id; case null null };
        break collecting;
      };
      switch (get(store, id)) {
        case (?message) List.add(page, message);
        case null {};
      };
    };
    { messages = List.toArray(page); next_before_id = next };
  };

  public func minId(store : Store) : ?Nat {
    switch (Map.minEntry(store.messages)) { case (?(id, _)) ?id; case null null };
  };

  public func maxId(store : Store) : ?Nat {
    switch (Map.maxEntry(store.messages)) { case (?(id, _)) ?id; case null null };
  };

  public func usage(store : Store) : Usage {
    {
      used_bytes = store.usedBytes;
      message_count = Map.size(store.messages);
      limit_bytes = store.limitBytes;
      max_ciphertext_bytes = store.maxCiphertextBytes;
      evicted_count = store.evictedCount;
    };
  };

  /// Number of destination keys with at least one message (tests check that evictions clean up).
  public func keyCount(store : Store) : Nat = Map.size(store.byKey);

  /// Number of by-hash index entries (tests check that evictions clean up).
  public func hashIndexSize(store : Store) : Nat = Map.size(store.byHash);

  /// All stored ids, oldest first.
  public func ids(store : Store) : [Nat] = Iter.toArray(Map.keys(store.messages));
};
