// Candid interfaces of the two canisters for @dfinity/pic actors, written from
// src/main/candid/{zone,factory}.did (the compiler's output); only the methods the scenarios call.
'use strict';

const zoneInit = (IDL) => IDL.Record({
  zone_id: IDL.Text,
  rpc_host: IDL.Text,
  rpc_path: IDL.Text,
  factory: IDL.Principal,
  storage_limit_bytes: IDL.Nat,
  version: IDL.Nat,
  membership_cache_seconds: IDL.Nat,
  low_cycles_threshold: IDL.Nat,
});

const zoneIdl = ({ IDL }) => {
  const Message = IDL.Record({
    id: IDL.Nat, key_id: IDL.Vec(IDL.Nat8), hash: IDL.Vec(IDL.Nat8),
    ciphertext: IDL.Vec(IDL.Nat8), stored_at_ns: IDL.Int,
  });
  const AddMessageError = IDL.Variant({
    NotMember: IDL.Text,
    InvalidKeyId: IDL.Record({ expected_bytes: IDL.Nat, actual_bytes: IDL.Nat }),
    EmptyCiphertext: IDL.Null,
    MessageTooLarge: IDL.Record({ ciphertext_bytes: IDL.Nat, max_ciphertext_bytes: IDL.Nat }),
  });
  const Added = IDL.Record({ id: IDL.Nat, hash: IDL.Vec(IDL.Nat8), duplicate: IDL.Bool, evicted_ids: IDL.Vec(IDL.Nat) });
  const ReadError = IDL.Variant({ NotMember: IDL.Text, NotFound: IDL.Null });
  const AccessError = IDL.Variant({ NotMember: IDL.Text });
  const Page = IDL.Record({ messages: IDL.Vec(Message), next_before_id: IDL.Opt(IDL.Nat) });
  const Member = IDL.Record({ evm_address: IDL.Text, role: IDL.Nat, expires_at_ns: IDL.Int });
  const RegisterError = IDL.Variant({
    AnonymousCaller: IDL.Null,
    InvalidAddress: IDL.Text,
    NotAMember: IDL.Record({ evm_address: IDL.Text }),
    RpcFailed: IDL.Text,
    Busy: IDL.Text,
    InsufficientCycles: IDL.Record({ required: IDL.Nat, balance: IDL.Nat }),
  });
  const Usage = IDL.Record({
    used_bytes: IDL.Nat, message_count: IDL.Nat, limit_bytes: IDL.Nat,
    max_ciphertext_bytes: IDL.Nat, evicted_count: IDL.Nat,
  });
  const TopUpStatus = IDL.Record({
    balance: IDL.Nat, low_cycles_threshold: IDL.Nat,
    last_request_ns: IDL.Opt(IDL.Int), last_outcome: IDL.Opt(IDL.Text),
  });
  const result = (ok, err) => IDL.Variant({ ok, err });
  return IDL.Service({
    add_message: IDL.Func([IDL.Vec(IDL.Nat8), IDL.Vec(IDL.Nat8)], [result(Added, AddMessageError)], []),
    get_message: IDL.Func([IDL.Nat], [result(Message, ReadError)], ['query']),
    get_message_by_hash: IDL.Func([IDL.Vec(IDL.Nat8)], [result(Message, ReadError)], ['query']),
    list_messages_by_key: IDL.Func([IDL.Vec(IDL.Nat8), IDL.Opt(IDL.Nat), IDL.Nat], [result(Page, AccessError)], ['query']),
    get_id_range: IDL.Func([], [result(IDL.Record({ min_id: IDL.Opt(IDL.Nat), max_id: IDL.Opt(IDL.Nat) }), AccessError)], ['query']),
    get_usage: IDL.Func([], [Usage], ['query']),
    register_member: IDL.Func([IDL.Text], [result(Member, RegisterError)], []),
    get_member: IDL.Func([], [IDL.Opt(Member)], ['query']),
    cycles_balance: IDL.Func([], [IDL.Nat], ['query']),
    get_top_up_status: IDL.Func([], [TopUpStatus], ['query']),
    get_version: IDL.Func([], [IDL.Nat], ['query']),
  });
};

const factoryIdl = ({ IDL }) => {
  const InitArgs = zoneInit(IDL);
  const CreateZoneArgs = IDL.Record({
    owners: IDL.Vec(IDL.Principal), zone_id: IDL.Text, rpc_host: IDL.Text, rpc_path: IDL.Text, storage_limit_bytes: IDL.Nat,
    membership_cache_seconds: IDL.Nat, low_cycles_threshold: IDL.Nat,
  });
  const ZoneRecord = IDL.Record({
    zone_id: IDL.Text, canister: IDL.Principal, created_at_ns: IDL.Int, version: IDL.Nat, init: InitArgs,
    owners: IDL.Vec(IDL.Principal),
    custody: IDL.Variant({ Factory: IDL.Null, SelfManaged: IDL.Record({ since_ns: IDL.Int, reason: IDL.Text }) }),
  });
  const FactoryError = IDL.Variant({
    NotAuthorized: IDL.Null,
    InvalidArguments: IDL.Text,
    AlreadyExists: IDL.Record({ canister: IDL.Principal }),
    CreationInProgress: IDL.Null,
    InsufficientCycles: IDL.Record({ required: IDL.Nat, balance: IDL.Nat }),
    CreationFailed: IDL.Text,
    RefillInProgress: IDL.Null,
  });
  const RefillOutcome = IDL.Variant({
    ToppedUp: IDL.Record({ deposited: IDL.Nat }),
    Skipped: IDL.Variant({ AboveTarget: IDL.Null, FactoryReserve: IDL.Null, SelfManaged: IDL.Null }),
    Failed: IDL.Text,
  });
  const RefillEntry = IDL.Record({
    zone_id: IDL.Text, canister: IDL.Principal, before: IDL.Opt(IDL.Nat), after: IDL.Opt(IDL.Nat), outcome: RefillOutcome,
  });
  const RefillReport = IDL.Record({
    started_at_ns: IDL.Int, factory_balance_before: IDL.Nat, factory_balance_after: IDL.Nat, children: IDL.Vec(RefillEntry),
  });
  const UpgradeEntry = IDL.Record({
    canister: IDL.Principal, zone_id: IDL.Opt(IDL.Text),
    outcome: IDL.Variant({
      Upgraded: IDL.Record({ from_version: IDL.Nat, to_version: IDL.Nat, snapshot_id: IDL.Vec(IDL.Nat8) }),
      RolledBack: IDL.Record({ snapshot_id: IDL.Vec(IDL.Nat8), reason: IDL.Text, restored: IDL.Bool }),
      Skipped: IDL.Text, Failed: IDL.Text,
    }),
  });
  const Settings = IDL.Record({
    refill_target_cycles: IDL.Nat, factory_reserve_cycles: IDL.Nat, per_child_quota_cycles: IDL.Nat,
    aggregate_quota_cycles: IDL.Nat, quota_period_seconds: IDL.Nat, refill_interval_seconds: IDL.Nat,
    zone_creation_cycles: IDL.Nat,
  });
  const result = (ok, err) => IDL.Variant({ ok, err });
  return IDL.Service({
    create_zone: IDL.Func([CreateZoneArgs], [result(ZoneRecord, FactoryError)], []),
    list_zones: IDL.Func([], [IDL.Vec(ZoneRecord)], ['query']),
    get_zone_canister: IDL.Func([IDL.Text], [IDL.Opt(IDL.Principal)], ['query']),
    get_canister_zone: IDL.Func([IDL.Principal], [IDL.Opt(IDL.Text)], ['query']),
    refill_zones: IDL.Func([], [result(RefillReport, FactoryError)], []),
    upgrade_zones: IDL.Func([IDL.Opt(IDL.Vec(IDL.Principal))], [result(IDL.Vec(UpgradeEntry), FactoryError)], []),
    configure: IDL.Func([Settings], [result(IDL.Null, FactoryError)], []),
    get_settings: IDL.Func([], [Settings], ['query']),
    cycles_balance: IDL.Func([], [IDL.Nat], ['query']),
    get_version: IDL.Func([], [IDL.Nat], ['query']),
  });
};

module.exports = { zoneInit, zoneIdl, factoryIdl };
