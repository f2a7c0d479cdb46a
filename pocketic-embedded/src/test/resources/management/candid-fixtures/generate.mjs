// Reference encodings for the management-canister codec tests, produced by an independent Candid
// implementation (@dfinity/candid). Regenerate with: npm install && node generate.mjs
// Each fixture is <name>.hex: the hex of one Candid message. The values are documented next to each
// fixture here; the Java tests assert the same values.
//
// Verify the Java encoder with @dfinity/candid itself: run ManagementResultEncoderTest (it writes what it
// encodes to pocketic-embedded/target/candid-java-encodings/), then
//   node generate.mjs --verify ../../../../target/candid-java-encodings
// which decodes each Java encoding with the fixture's types, re-encodes it, and compares with the fixture.
import { IDL } from '@dfinity/candid';
import { Principal } from '@dfinity/principal';
import fs from 'node:fs';

const P = (text) => Principal.fromText(text);
const ANON = P('2vxsx-fae');
const CANISTER = P('rrkah-fqaaa-aaaaa-aaaaq-cai');
const OTHER = P('ryjl3-tyaaa-aaaaa-aaaba-cai');

const log_visibility = IDL.Variant({ controllers: IDL.Null, public: IDL.Null, allowed_viewers: IDL.Vec(IDL.Principal) });
const environment_variable = IDL.Record({ name: IDL.Text, value: IDL.Text });
const canister_settings = IDL.Record({
  controllers: IDL.Opt(IDL.Vec(IDL.Principal)),
  compute_allocation: IDL.Opt(IDL.Nat),
  memory_allocation: IDL.Opt(IDL.Nat),
  freezing_threshold: IDL.Opt(IDL.Nat),
  reserved_cycles_limit: IDL.Opt(IDL.Nat),
  log_visibility: IDL.Opt(log_visibility),
  wasm_memory_limit: IDL.Opt(IDL.Nat),
  wasm_memory_threshold: IDL.Opt(IDL.Nat),
  environment_variables: IDL.Opt(IDL.Vec(environment_variable)),
});
const definite_canister_settings = IDL.Record({
  controllers: IDL.Vec(IDL.Principal),
  compute_allocation: IDL.Nat,
  memory_allocation: IDL.Nat,
  freezing_threshold: IDL.Nat,
  reserved_cycles_limit: IDL.Nat,
  log_visibility,
  wasm_memory_limit: IDL.Nat,
  wasm_memory_threshold: IDL.Nat,
  environment_variables: IDL.Vec(environment_variable),
});
const install_mode = IDL.Variant({
  install: IDL.Null,
  reinstall: IDL.Null,
  upgrade: IDL.Opt(IDL.Record({
    skip_pre_upgrade: IDL.Opt(IDL.Bool),
    wasm_memory_persistence: IDL.Opt(IDL.Variant({ keep: IDL.Null, replace: IDL.Null })),
  })),
});
const http_header = IDL.Record({ name: IDL.Text, value: IDL.Text });
const http_request_result = IDL.Record({ status: IDL.Nat, headers: IDL.Vec(http_header), body: IDL.Vec(IDL.Nat8) });
const transform_args = IDL.Record({ response: http_request_result, context: IDL.Vec(IDL.Nat8) });
const http_request_args = IDL.Record({
  url: IDL.Text,
  max_response_bytes: IDL.Opt(IDL.Nat64),
  method: IDL.Variant({ get: IDL.Null, head: IDL.Null, post: IDL.Null }),
  headers: IDL.Vec(http_header),
  body: IDL.Opt(IDL.Vec(IDL.Nat8)),
  transform: IDL.Opt(IDL.Record({
    function: IDL.Func([transform_args], [http_request_result], ['query']),
    context: IDL.Vec(IDL.Nat8),
  })),
  is_replicated: IDL.Opt(IDL.Bool),
  pricing_version: IDL.Opt(IDL.Nat32),
});
const canister_status_result = IDL.Record({
  status: IDL.Variant({ running: IDL.Null, stopping: IDL.Null, stopped: IDL.Null }),
  ready_for_migration: IDL.Bool,
  version: IDL.Nat64,
  settings: definite_canister_settings,
  module_hash: IDL.Opt(IDL.Vec(IDL.Nat8)),
  memory_size: IDL.Nat,
  memory_metrics: IDL.Record({
    wasm_memory_size: IDL.Nat, stable_memory_size: IDL.Nat, global_memory_size: IDL.Nat,
    wasm_binary_size: IDL.Nat, custom_sections_size: IDL.Nat, canister_history_size: IDL.Nat,
    wasm_chunk_store_size: IDL.Nat, snapshots_size: IDL.Nat,
  }),
  cycles: IDL.Nat,
  reserved_cycles: IDL.Nat,
  idle_cycles_burned_per_day: IDL.Nat,
  query_stats: IDL.Record({
    num_calls_total: IDL.Nat, num_instructions_total: IDL.Nat,
    request_payload_bytes_total: IDL.Nat, response_payload_bytes_total: IDL.Nat,
  }),
});
const canister_id_record = IDL.Record({ canister_id: IDL.Principal });
const chunk_hash = IDL.Record({ hash: IDL.Vec(IDL.Nat8) });
const bytes = (...values) => new Uint8Array(values);
const sequence = (length) => Uint8Array.from({ length }, (_, i) => i % 256);

const fixtures = {};
const fixtureTypes = {};
const fixture = (name, types, values) => { fixtures[name] = IDL.encode(types, values); fixtureTypes[name] = types; };

// ---- create_canister ----
fixture('create_canister_full', [IDL.Record({ settings: IDL.Opt(canister_settings), sender_canister_version: IDL.Opt(IDL.Nat64) })], [{
  settings: [{
    controllers: [[CANISTER, ANON]], compute_allocation: [50n], memory_allocation: [1_000_000n],
    freezing_threshold: [123_456_789_012_345_678_901_234_567_890n], reserved_cycles_limit: [0n],
    log_visibility: [{ allowed_viewers: [OTHER] }], wasm_memory_limit: [4_294_967_296n],
    wasm_memory_threshold: [1024n], environment_variables: [[{ name: 'ZONE', value: 'eu-1' }]],
  }],
  sender_canister_version: [18_446_744_073_709_551_615n],
}]);
fixture('create_canister_no_settings', [IDL.Record({ settings: IDL.Opt(canister_settings), sender_canister_version: IDL.Opt(IDL.Nat64) })],
  [{ settings: [], sender_canister_version: [] }]);
// An older client: fewer settings fields, an unknown extra field, and a second argument.
fixture('create_canister_old_client', [IDL.Record({
  settings: IDL.Opt(IDL.Record({ controllers: IDL.Opt(IDL.Vec(IDL.Principal)), freezing_threshold: IDL.Opt(IDL.Nat), log_visibility: IDL.Opt(IDL.Variant({ controllers: IDL.Null, public: IDL.Null })) })),
  future_field: IDL.Text,
}), IDL.Nat], [{ settings: [{ controllers: [[ANON]], freezing_threshold: [], log_visibility: [{ public: null }] }], future_field: 'ignored' }, 7n]);
// Wrong types inside opt fields decode as null (Candid's opt rule): settings.freezing_threshold is text,
// sender_canister_version is a nat instead of a nat64.
fixture('create_canister_ill_typed_opts', [IDL.Record({
  settings: IDL.Opt(IDL.Record({ freezing_threshold: IDL.Opt(IDL.Text), compute_allocation: IDL.Opt(IDL.Nat) })),
  sender_canister_version: IDL.Opt(IDL.Nat),
})], [{ settings: [{ freezing_threshold: ['soon'], compute_allocation: [3n] }], sender_canister_version: [5n] }]);

// ---- provisional ----
fixture('provisional_create_canister_with_cycles', [IDL.Record({
  amount: IDL.Opt(IDL.Nat), settings: IDL.Opt(canister_settings), specified_id: IDL.Opt(IDL.Principal), sender_canister_version: IDL.Opt(IDL.Nat64),
})], [{ amount: [1_180_591_620_717_411_303_424n], settings: [], specified_id: [CANISTER], sender_canister_version: [] }]);
fixture('provisional_top_up_canister', [IDL.Record({ canister_id: IDL.Principal, amount: IDL.Nat })],
  [{ canister_id: CANISTER, amount: 5_000_000_000_000n }]);
fixture('provisional_top_up_canister_int_amount', [IDL.Record({ canister_id: IDL.Principal, amount: IDL.Int })],
  [{ canister_id: CANISTER, amount: -1n }]);

// ---- install_code ----
const install_code_args = IDL.Record({ mode: install_mode, canister_id: IDL.Principal, wasm_module: IDL.Vec(IDL.Nat8), arg: IDL.Vec(IDL.Nat8), sender_canister_version: IDL.Opt(IDL.Nat64) });
const wasmHeader = bytes(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
fixture('install_code_install', [install_code_args], [{ mode: { install: null }, canister_id: CANISTER, wasm_module: wasmHeader, arg: bytes(0x44, 0x49, 0x44, 0x4c, 0, 0), sender_canister_version: [] }]);
fixture('install_code_reinstall', [install_code_args], [{ mode: { reinstall: null }, canister_id: CANISTER, wasm_module: wasmHeader, arg: bytes(), sender_canister_version: [3n] }]);
fixture('install_code_upgrade_default', [install_code_args], [{ mode: { upgrade: [] }, canister_id: CANISTER, wasm_module: wasmHeader, arg: bytes(), sender_canister_version: [] }]);
fixture('install_code_upgrade_keep', [install_code_args], [{ mode: { upgrade: [{ skip_pre_upgrade: [true], wasm_memory_persistence: [{ keep: null }] }] }, canister_id: CANISTER, wasm_module: wasmHeader, arg: bytes(1, 2, 3), sender_canister_version: [] }]);
// What older agents send: `upgrade` without a payload.
fixture('install_code_upgrade_legacy', [IDL.Record({ mode: IDL.Variant({ install: IDL.Null, reinstall: IDL.Null, upgrade: IDL.Null }), canister_id: IDL.Principal, wasm_module: IDL.Vec(IDL.Nat8), arg: IDL.Vec(IDL.Nat8) })],
  [{ mode: { upgrade: null }, canister_id: CANISTER, wasm_module: wasmHeader, arg: bytes() }]);
fixture('install_code_large_module', [install_code_args], [{ mode: { install: null }, canister_id: CANISTER, wasm_module: sequence(20_000), arg: bytes(), sender_canister_version: [] }]);
// Malformed: canister_id is text; a mode the spec does not have; the module is missing.
fixture('install_code_text_canister_id', [IDL.Record({ mode: install_mode, canister_id: IDL.Text, wasm_module: IDL.Vec(IDL.Nat8), arg: IDL.Vec(IDL.Nat8) })],
  [{ mode: { install: null }, canister_id: 'rrkah-fqaaa-aaaaa-aaaaq-cai', wasm_module: wasmHeader, arg: bytes() }]);
fixture('install_code_unknown_mode', [IDL.Record({ mode: IDL.Variant({ install: IDL.Null, replace_everything: IDL.Null }), canister_id: IDL.Principal, wasm_module: IDL.Vec(IDL.Nat8), arg: IDL.Vec(IDL.Nat8) })],
  [{ mode: { replace_everything: null }, canister_id: CANISTER, wasm_module: wasmHeader, arg: bytes() }]);
fixture('install_code_missing_module', [IDL.Record({ mode: install_mode, canister_id: IDL.Principal, arg: IDL.Vec(IDL.Nat8) })],
  [{ mode: { install: null }, canister_id: CANISTER, arg: bytes() }]);
fixture('install_code_vec_nat16_module', [IDL.Record({ mode: install_mode, canister_id: IDL.Principal, wasm_module: IDL.Vec(IDL.Nat16), arg: IDL.Vec(IDL.Nat8) })],
  [{ mode: { install: null }, canister_id: CANISTER, wasm_module: [1, 2], arg: bytes() }]);

// ---- chunked code ----
fixture('upload_chunk', [IDL.Record({ canister_id: IDL.Principal, chunk: IDL.Vec(IDL.Nat8) })], [{ canister_id: CANISTER, chunk: bytes(9, 8, 7) }]);
fixture('install_chunked_code', [IDL.Record({
  mode: install_mode, target_canister: IDL.Principal, store_canister: IDL.Opt(IDL.Principal), chunk_hashes_list: IDL.Vec(chunk_hash),
  wasm_module_hash: IDL.Vec(IDL.Nat8), arg: IDL.Vec(IDL.Nat8), sender_canister_version: IDL.Opt(IDL.Nat64),
})], [{ mode: { upgrade: [{ skip_pre_upgrade: [], wasm_memory_persistence: [{ replace: null }] }] }, target_canister: CANISTER, store_canister: [OTHER],
  chunk_hashes_list: [{ hash: bytes(1, 1) }, { hash: bytes(2, 2) }], wasm_module_hash: bytes(3, 3), arg: bytes(4), sender_canister_version: [] }]);
fixture('uninstall_code', [IDL.Record({ canister_id: IDL.Principal, sender_canister_version: IDL.Opt(IDL.Nat64) })], [{ canister_id: CANISTER, sender_canister_version: [42n] }]);
fixture('canister_id_record', [canister_id_record], [{ canister_id: CANISTER }]);
fixture('canister_info', [IDL.Record({ canister_id: IDL.Principal, num_requested_changes: IDL.Opt(IDL.Nat64) })], [{ canister_id: CANISTER, num_requested_changes: [10n] }]);
fixture('update_settings', [IDL.Record({ canister_id: IDL.Principal, settings: canister_settings, sender_canister_version: IDL.Opt(IDL.Nat64) })], [{
  canister_id: CANISTER, sender_canister_version: [],
  settings: { controllers: [], compute_allocation: [], memory_allocation: [], freezing_threshold: [86_400n], reserved_cycles_limit: [], log_visibility: [{ controllers: null }], wasm_memory_limit: [], wasm_memory_threshold: [], environment_variables: [] },
}]);
fixture('raw_rand_args', [], []);

// ---- http_request ----
fixture('http_request_full', [http_request_args], [{
  url: 'https://example.com/zones?id=1', max_response_bytes: [2_000n], method: { post: null },
  headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'X-Zone', value: 'é' }],
  body: [bytes(123, 125)], transform: [{ function: [CANISTER, 'transform'], context: bytes(0xca, 0xfe) }],
  is_replicated: [false], pricing_version: [2],
}]);
fixture('http_request_minimal', [IDL.Record({ url: IDL.Text, method: IDL.Variant({ get: IDL.Null, head: IDL.Null, post: IDL.Null }), headers: IDL.Vec(http_header) })],
  [{ url: 'https://example.com/', method: { get: null }, headers: [] }]);
fixture('http_request_result', [http_request_result], [{ status: 200n, headers: [{ name: 'content-length', value: '2' }], body: bytes(111, 107) }]);

// ---- results ----
fixture('create_canister_result', [canister_id_record], [{ canister_id: CANISTER }]);
fixture('upload_chunk_result', [chunk_hash], [{ hash: bytes(0xaa, 0xbb) }]);
fixture('stored_chunks_result', [IDL.Vec(chunk_hash)], [[{ hash: bytes(1) }, { hash: bytes(2, 3) }]]);
fixture('raw_rand_result', [IDL.Vec(IDL.Nat8)], [sequence(32)]);
fixture('empty_result', [], []);
fixture('transform_args', [transform_args], [{ response: { status: 404n, headers: [{ name: 'a', value: 'b' }], body: bytes(1, 2) }, context: bytes(7) }]);
fixture('canister_status_result', [canister_status_result], [{
  status: { stopping: null }, ready_for_migration: false, version: 12n,
  settings: {
    controllers: [ANON, CANISTER], compute_allocation: 0n, memory_allocation: 0n, freezing_threshold: 2_592_000n,
    reserved_cycles_limit: 5_000_000_000_000n, log_visibility: { allowed_viewers: [OTHER] }, wasm_memory_limit: 3_221_225_472n,
    wasm_memory_threshold: 0n, environment_variables: [{ name: 'ZONE', value: 'eu-1' }],
  },
  module_hash: [sequence(32)], memory_size: 1_234_567n,
  memory_metrics: { wasm_memory_size: 1n, stable_memory_size: 2n, global_memory_size: 3n, wasm_binary_size: 4n, custom_sections_size: 5n, canister_history_size: 6n, wasm_chunk_store_size: 7n, snapshots_size: 8n },
  cycles: 1_180_591_620_717_411_303_424n, reserved_cycles: 0n, idle_cycles_burned_per_day: 123_456n,
  query_stats: { num_calls_total: 9n, num_instructions_total: 10n, request_payload_bytes_total: 11n, response_payload_bytes_total: 12n },
}]);
fixture('canister_status_result_running_no_module', [canister_status_result], [{
  status: { running: null }, ready_for_migration: true, version: 18_446_744_073_709_551_615n,
  settings: {
    controllers: [], compute_allocation: 100n, memory_allocation: 8n, freezing_threshold: 0n, reserved_cycles_limit: 0n,
    log_visibility: { public: null }, wasm_memory_limit: 0n, wasm_memory_threshold: 0n, environment_variables: [],
  },
  module_hash: [], memory_size: 0n,
  memory_metrics: { wasm_memory_size: 0n, stable_memory_size: 0n, global_memory_size: 0n, wasm_binary_size: 0n, custom_sections_size: 0n, canister_history_size: 0n, wasm_chunk_store_size: 0n, snapshots_size: 0n },
  cycles: 0n, reserved_cycles: 0n, idle_cycles_burned_per_day: 0n,
  query_stats: { num_calls_total: 0n, num_instructions_total: 0n, request_payload_bytes_total: 0n, response_payload_bytes_total: 0n },
}]);

const change = IDL.Record({
  timestamp_nanos: IDL.Nat64,
  canister_version: IDL.Nat64,
  origin: IDL.Variant({
    from_user: IDL.Record({ user_id: IDL.Principal }),
    from_canister: IDL.Record({ canister_id: IDL.Principal, canister_version: IDL.Opt(IDL.Nat64) }),
  }),
  details: IDL.Variant({
    creation: IDL.Record({ controllers: IDL.Vec(IDL.Principal), environment_variables_hash: IDL.Opt(IDL.Vec(IDL.Nat8)) }),
    code_uninstall: IDL.Null,
    code_deployment: IDL.Record({ mode: IDL.Variant({ install: IDL.Null, reinstall: IDL.Null, upgrade: IDL.Null }), module_hash: IDL.Vec(IDL.Nat8) }),
    load_snapshot: IDL.Record({
      canister_version: IDL.Nat64, snapshot_id: IDL.Vec(IDL.Nat8), taken_at_timestamp: IDL.Nat64,
      source: IDL.Variant({ taken_from_canister: IDL.Reserved, metadata_upload: IDL.Reserved }),
    }),
    controllers_change: IDL.Record({ controllers: IDL.Vec(IDL.Principal) }),
  }),
});
fixture('canister_info_result', [IDL.Record({ total_num_changes: IDL.Nat64, recent_changes: IDL.Vec(change), module_hash: IDL.Opt(IDL.Vec(IDL.Nat8)), controllers: IDL.Vec(IDL.Principal) })], [{
  total_num_changes: 7n,
  recent_changes: [
    { timestamp_nanos: 1_700_000_000_000_000_000n, canister_version: 0n, origin: { from_user: { user_id: ANON } }, details: { creation: { controllers: [ANON], environment_variables_hash: [] } } },
    { timestamp_nanos: 1_700_000_001_000_000_000n, canister_version: 1n, origin: { from_canister: { canister_id: OTHER, canister_version: [5n] } }, details: { code_deployment: { mode: { upgrade: null }, module_hash: sequence(32) } } },
    { timestamp_nanos: 1_700_000_002_000_000_000n, canister_version: 2n, origin: { from_canister: { canister_id: OTHER, canister_version: [] } }, details: { controllers_change: { controllers: [ANON, OTHER] } } },
    { timestamp_nanos: 1_700_000_003_000_000_000n, canister_version: 3n, origin: { from_user: { user_id: ANON } }, details: { code_uninstall: null } },
  ],
  module_hash: [], controllers: [ANON, OTHER],
}]);

const hex = (bytes) => Buffer.from(bytes).toString('hex');
if (process.argv[2] === '--verify') {
  const dir = process.argv[3];
  let failures = 0;
  const files = fs.readdirSync(dir).filter((file) => file.endsWith('.hex'));
  for (const file of files) {
    const name = file.slice(0, -4);
    const javaBytes = new Uint8Array(Buffer.from(fs.readFileSync(`${dir}/${file}`, 'utf8').trim(), 'hex'));
    try {
      const decoded = IDL.decode(fixtureTypes[name], javaBytes);
      const same = hex(IDL.encode(fixtureTypes[name], decoded)) === hex(fixtures[name]);
      console.log(`${same ? 'ok  ' : 'DIFF'} ${name}`);
      if (!same) failures++;
    } catch (error) {
      console.log(`FAIL ${name}: ${error.message}`);
      failures++;
    }
  }
  console.log(`${files.length - failures} of ${files.length} Java encodings match @dfinity/candid`);
  process.exit(failures === 0 && files.length > 0 ? 0 : 1);
}
for (const [name, encoded] of Object.entries(fixtures)) {
  fs.writeFileSync(new URL(`${name}.hex`, import.meta.url), hex(encoded) + '\n');
}
console.log(`wrote ${Object.keys(fixtures).length} fixtures`);
