// Starts a server binary the way PicJS users do, with PicJS's own launcher (PocketIcServer.start with --port-file
// and --ttl), runs a canister on it (so WASM executes inside that server process), and stops it.
// Usage: node picjs-launcher.cjs <server binary or script> <probe.wasm>   (NODE_PATH must reach @dfinity/pic)
const assert = require('node:assert/strict');
const { PocketIc, PocketIcServer } = require('@dfinity/pic');

async function main() {
  const [binPath, wasmPath] = process.argv.slice(2);
  const server = await PocketIcServer.start({ binPath, ttl: 60 });
  console.log('ok server started at ' + server.getUrl());
  const pic = await PocketIc.create(server.getUrl(), { processingTimeoutMs: 180_000 });
  const time = await pic.getTime();
  assert.ok(time > 1_600_000_000_000, 'time ' + time);
  await pic.tick();
  const idlFactory = ({ IDL }) => IDL.Service({
    increment: IDL.Func([], [IDL.Nat], []),
    get: IDL.Func([], [IDL.Nat], ['query']),
  });
  const { actor } = await pic.setupCanister({ idlFactory, wasm: wasmPath });
  assert.equal(await actor.increment(), 1n);
  assert.equal(await actor.get(), 1n);
  console.log('ok canister runs in the launched server');
  await pic.tearDown();
  console.log('ok instance created, used and deleted');
  await server.stop();
  console.log('PASS');
}

main().catch(error => {
  console.error('FAIL', error && error.stack ? error.stack : error);
  process.exit(1);
});
