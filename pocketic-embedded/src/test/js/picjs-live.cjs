// Live mode as a PicJS user has it: pic.makeLive() starts auto progress and an HTTP gateway, then an agent from
// @icp-sdk/core (HttpAgent with shouldFetchRootKey; certificates and query signatures verified, its defaults) calls,
// queries and reads the canister's module hash and controllers through the gateway; Node's fetch gets the canister's
// HTTP pages (http_request, and http_request_update after an upgrade); stopLive() closes the gateway.
// Usage: node picjs-live.cjs <server url> <httppage.wasm>   (NODE_PATH must reach @dfinity/pic and @icp-sdk/core)
// Prints "ok <step>" per step and "PASS" at the end; any failure exits non-zero with the reason.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const { PocketIc } = require('@dfinity/pic');
const { HttpAgent, Actor, CanisterStatus } = require('@icp-sdk/core/agent');
const { Ed25519KeyIdentity } = require('@icp-sdk/core/identity');

const [serverUrl, wasmPath] = process.argv.slice(2);

const idlFactory = ({ IDL }) => IDL.Service({
  inc: IDL.Func([], [IDL.Nat], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
});

function ok(step) {
  console.log('ok ' + step);
}

async function main() {
  const pic = await PocketIc.create(serverUrl, { processingTimeoutMs: 180_000 });
  const { canisterId } = await pic.setupCanister({ idlFactory, wasm: wasmPath });
  ok('canister installed ' + canisterId.toText());

  const port = await pic.makeLive();
  assert.equal(typeof port, 'number');
  assert.equal(await pic.makeLive(), port, 'makeLive on a live instance returns the same gateway');
  ok('live, gateway on port ' + port);

  const url = `http://localhost:${port}`;
  const identity = Ed25519KeyIdentity.generate();
  const agent = await HttpAgent.create({ host: url, identity, shouldFetchRootKey: true });
  const actor = Actor.createActor(idlFactory, { agent, canisterId });
  assert.equal(await actor.inc(), 1n);
  assert.equal(await actor.inc(), 2n);
  ok('update calls');
  assert.equal(await actor.get(), 2n);
  ok('query call');

  const status = await CanisterStatus.request({ canisterId, agent, paths: ['module_hash', 'controllers'] });
  const expectedHash = crypto.createHash('sha256').update(fs.readFileSync(wasmPath)).digest('hex');
  assert.equal(status.get('module_hash'), expectedHash);
  const controllers = status.get('controllers').map(principal => principal.toText()).sort();
  const expectedControllers = (await pic.getControllers(canisterId)).map(principal => principal.toText()).sort();
  assert.deepEqual(controllers, expectedControllers);
  ok('read_state of module hash and controllers');

  const page = await fetch(`${url}/hello?canisterId=${canisterId.toText()}`, { headers: { 'user-agent': 'picjs-live' } });
  const pageText = await page.text();
  assert.equal(page.status, 200, pageText);
  assert.match(pageText, /^Hello from a Motoko canister: GET \/hello\?canisterId=\S+ \(hits 2, agent picjs-live\)$/);
  assert.equal(page.headers.get('x-hits'), '2');
  ok('canister HTTP page');

  const posted = await fetch(`${url}/submit?canisterId=${canisterId.toText()}`, { method: 'POST', body: 'abc' });
  const postedText = await posted.text();
  assert.equal(posted.status, 200, postedText);
  assert.equal(postedText, 'updated: POST /submit?canisterId=' + canisterId.toText() + ' hits 3 body abc');
  assert.equal(await actor.get(), 3n);
  ok('canister HTTP upgraded to http_request_update');

  await pic.stopLive();
  await assert.rejects(fetch(`${url}/api/v2/status`), 'the gateway is closed after stopLive');
  ok('stopLive closed the gateway');

  await pic.tearDown();
  console.log('PASS');
}

main().catch(error => {
  console.error('FAIL: ' + (error && error.stack || error));
  process.exit(1);
});
