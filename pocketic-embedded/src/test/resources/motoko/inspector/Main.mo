// Calls the management canister's canister_info (only canisters may) and summarizes the history it returns; takes and
// loads snapshots of canisters it controls, as a factory does for its children before upgrading them.
import Nat64 "mo:core/Nat64";
import Array "mo:core/Array";

persistent actor Inspector {
  type Origin = {
    #from_user : { user_id : Principal };
    #from_canister : { canister_id : Principal; canister_version : ?Nat64 };
  };
  type Details = {
    #creation : { controllers : [Principal]; environment_variables_hash : ?Blob };
    #code_uninstall;
    #code_deployment : { mode : { #install; #reinstall; #upgrade }; module_hash : Blob };
    #load_snapshot : {
      canister_version : Nat64;
      snapshot_id : Blob;
      taken_at_timestamp : Nat64;
      source : { #taken_from_canister : Any; #metadata_upload : Any };
    };
    #controllers_change : { controllers : [Principal] };
  };
  type Change = { timestamp_nanos : Nat64; canister_version : Nat64; origin : Origin; details : Details };
  type Info = {
    total_num_changes : Nat64;
    recent_changes : [Change];
    module_hash : ?Blob;
    controllers : [Principal];
  };
  transient let ic = actor "aaaaa-aa" : actor {
    canister_info : { canister_id : Principal; num_requested_changes : ?Nat64 } -> async Info;
    take_canister_snapshot : {
      canister_id : Principal;
      replace_snapshot : ?Blob;
      uninstall_code : ?Bool;
      sender_canister_version : ?Nat64;
    } -> async { id : Blob; taken_at_timestamp : Nat64; total_size : Nat64 };
    load_canister_snapshot : { canister_id : Principal; snapshot_id : Blob; sender_canister_version : ?Nat64 } -> async ();
  };

  /// Takes a snapshot of `id` (this canister must control it); returns the snapshot's id.
  public func snapshot(id : Principal) : async Blob {
    let taken = await ic.take_canister_snapshot({
      canister_id = id;
      replace_snapshot = null;
      uninstall_code = null;
      sender_canister_version = null;
    });
    taken.id
  };

  /// Loads snapshot `snapshotId` into `id`.
  public func restore(id : Principal, snapshotId : Blob) : async () {
    await ic.load_canister_snapshot({ canister_id = id; snapshot_id = snapshotId; sender_canister_version = null });
  };

  func describe(change : Change) : Text {
    let what = switch (change.details) {
      case (#creation _) "creation";
      case (#code_uninstall) "code_uninstall";
      case (#code_deployment d) {
        "code_deployment:" # (switch (d.mode) { case (#install) "install"; case (#reinstall) "reinstall"; case (#upgrade) "upgrade" })
      };
      case (#load_snapshot l) "load_snapshot:" # Nat64.toText(l.canister_version);
      case (#controllers_change c) "controllers_change:" # Nat64.toText(Nat64.fromNat(c.controllers.size()));
    };
    let who = switch (change.origin) {
      case (#from_user u) "user " # debug_show (u.user_id);
      case (#from_canister c) "canister " # debug_show (c.canister_id);
    };
    what # " v" # Nat64.toText(change.canister_version) # " by " # who
  };

  /// The total number of changes, the requested latest ones described, the module hash and the controllers.
  public func info(id : Principal, requested : ?Nat64) : async (Nat64, [Text], ?Blob, [Principal]) {
    let result = await ic.canister_info({ canister_id = id; num_requested_changes = requested });
    (result.total_num_changes, Array.map<Change, Text>(result.recent_changes, describe), result.module_hash, result.controllers)
  };
};
