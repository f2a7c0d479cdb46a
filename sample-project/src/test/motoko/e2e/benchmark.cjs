// Benchmark: add_message and get_message round trips of the built Zone on a PocketIC server, by
// ciphertext size (the Zone hashes every ciphertext with its Motoko SHA-256, so large messages
// show that cost). Prints one line per size; numbers include the server and PicJS overhead.
//
// Usage: node benchmark.cjs <server url> <dir with zone.wasm>   (NODE_PATH must reach @dfinity/pic)
'use strict';
const path = require('node:path');
const { PocketIc, createIdentity } = require('@dfinity/pic');
const { IDL } = require('@icp-sdk/core/candid');
const { Principal } = require('@icp-sdk/core/principal');
const { zoneInit, zoneIdl } = require('./canister-idl.cjs');

const [serverUrl, canisterDir] = process.argv.slice(2);

async function main() {
  const pic = await PocketIc.create(serverUrl, { processingTimeoutMs: 600_000 });
  try {
    const init = {
      zone_id: '0x' + '12'.repeat(20), rpc_host: 'https://rpc.example', rpc_path: '/',
      factory: Principal.fromText('rrkah-fqaaa-aaaaa-aaaaq-cai'), storage_limit_bytes: 64n * 1024n * 1024n,
      version: 1n, membership_cache_seconds: 86_400n, low_cycles_threshold: 0n,
    };
    const { canisterId } = await pic.setupCanister({
      idlFactory: zoneIdl, wasm: path.join(canisterDir, 'zone.wasm'), arg: IDL.encode([zoneInit(IDL)], [init]),
    });
    const alice = createIdentity('alice');
    const deferred = pic.createDeferredActor(zoneIdl, canisterId);
    deferred.setIdentity(alice);
    const execute = await deferred.register_member('0x' + 'ab'.repeat(20));
    await pic.tick(2);
    const [pending] = await pic.getPendingHttpsOutcalls();
    await pic.mockPendingHttpsOutcall({
      requestId: pending.requestId, subnetId: pending.subnetId,
      response: { type: 'success', statusCode: 200, headers: [], body: new TextEncoder().encode('{"jsonrpc":"2.0","id":1,"result":"0x01"}') },
    });
    if (!('ok' in (await execute()))) throw new Error('registration failed');
    const zone = pic.createActor(zoneIdl, canisterId);
    zone.setIdentity(alice);
    const key = new Uint8Array(20).fill(7);
    let fill = 0;
    for (const [size, count] of [[100, 50], [10 * 1024, 20], [256 * 1024, 5], [1024 * 1024, 3]]) {
      const ids = [];
      const started = process.hrtime.bigint();
      for (let i = 0; i < count; i++) {
        const data = new Uint8Array(size).fill(++fill % 256);
        data[1] = fill >> 8;
        const result = await zone.add_message(key, data);
        if (!('ok' in result)) throw new Error('add_message failed: ' + JSON.stringify(Object.keys(result.err)));
        ids.push(result.ok.id);
      }
      const addMs = Number(process.hrtime.bigint() - started) / 1e6 / count;
      const readStarted = process.hrtime.bigint();
      for (const id of ids) await zone.get_message(id);
      const readMs = Number(process.hrtime.bigint() - readStarted) / 1e6 / count;
      console.log(`ciphertext ${String(size).padStart(8)} B: add_message ${addMs.toFixed(1).padStart(8)} ms/call, get_message ${readMs.toFixed(1).padStart(7)} ms/call (${count} calls)`);
    }
    const usage = await zone.get_usage();
    console.log(`usage: ${usage.message_count} messages, ${usage.used_bytes} of ${usage.limit_bytes} bytes`);
  } finally {
    await pic.tearDown();
  }
}

main().catch((error) => {
  console.error('FAIL', error && error.stack ? error.stack : error);
  process.exit(1);
});
