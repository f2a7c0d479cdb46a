// Drives a PocketIC server with PicJS (@dfinity/pic), the real third-party client, through a canister's life:
// create and install, update and query calls, a trap, identities, time, ticks, cycles, stable memory,
// a mocked HTTP outcall, a parallel instance, and deletion.
// Usage: node picjs-scenario.cjs <server url> <probe.wasm>   (NODE_PATH must reach @dfinity/pic)
// Prints "ok <step>" per step and "PASS" at the end; any failure exits non-zero with the reason.
const assert = require('node:assert/strict');
const { PocketIc, createIdentity } = require('@dfinity/pic');
const { IDL } = require('@icp-sdk/core/candid');
const { Principal } = require('@icp-sdk/core/principal');

const [serverUrl, wasmPath] = process.argv.slice(2);

const idlFactory = ({ IDL }) => {
  const HttpHeader = IDL.Record({ name: IDL.Text, value: IDL.Text });
  const HttpResponse = IDL.Record({ status: IDL.Nat, headers: IDL.Vec(HttpHeader), body: IDL.Vec(IDL.Nat8) });
  const TransformArgs = IDL.Record({ response: HttpResponse, context: IDL.Vec(IDL.Nat8) });
  return IDL.Service({
    increment: IDL.Func([], [IDL.Nat], []),
    get: IDL.Func([], [IDL.Nat], ['query']),
    now: IDL.Func([], [IDL.Int], ['query']),
    balance: IDL.Func([], [IDL.Nat], ['query']),
    fail: IDL.Func([], [], []),
    whoami: IDL.Func([], [IDL.Principal], ['query']),
    transform: IDL.Func([TransformArgs], [HttpResponse], ['query']),
    fetch: IDL.Func([IDL.Text], [IDL.Text], []),
  });
};

function ok(step) {
  console.log('ok ' + step);
}

async function expectRejection(promise, pattern, step) {
  try {
    await promise;
  } catch (error) {
    assert.match(String(error.message ?? error), pattern);
    ok(step);
    return;
  }
  assert.fail(step + ': expected a rejection matching ' + pattern);
}

async function main() {
  const pic = await PocketIc.create(serverUrl, { processingTimeoutMs: 180_000 });
  ok('create instance');

  const subnets = await pic.getApplicationSubnets();
  assert.equal(subnets.length, 1);
  const subnetId = subnets[0].id;
  ok('topology');

  const { actor, canisterId } = await pic.setupCanister({ idlFactory, wasm: wasmPath });
  ok('create and install canister ' + canisterId.toText());

  assert.equal(await actor.increment(), 1n);
  assert.equal(await actor.increment(), 2n);
  assert.equal(await actor.get(), 2n);
  ok('update and query calls');

  await expectRejection(actor.fail(), /assertion failed|trap/i, 'trap rejects');
  assert.equal(await actor.get(), 2n);
  ok('trap rolled back');

  const alice = createIdentity('alice');
  actor.setIdentity(alice);
  assert.equal((await actor.whoami()).toText(), alice.getPrincipal().toText());
  ok('caller identity');

  const controllers = await pic.getControllers(canisterId);
  assert.deepEqual(controllers.map(p => p.toText()), [Principal.anonymous().toText()]);
  assert.equal((await pic.getCanisterSubnetId(canisterId)).toText(), subnetId.toText());
  ok('controllers and subnet');

  const start = await pic.getTime();
  await pic.setTime(start + 60_000);
  await pic.tick();
  assert.equal(await pic.getTime(), start + 60_000);
  const canisterNanos = await actor.now();
  assert.ok(canisterNanos >= BigInt(start + 60_000) * 1_000_000n, 'canister time ' + canisterNanos);
  await pic.advanceTime(5_000);
  await pic.tick(3);
  assert.equal(await pic.getTime(), start + 65_000);
  await expectRejection(pic.setTime(start), /backwards/, 'time never moves backwards');
  ok('time and ticks');

  const before = BigInt(await pic.getCyclesBalance(canisterId));
  assert.ok(before > 0n, 'balance ' + before);
  const after = BigInt(await pic.addCycles(canisterId, 1_000_000_000_000));
  assert.ok(after >= before + 1_000_000_000_000n - 100_000_000n, 'after ' + after + ' before ' + before);
  assert.ok(after <= before + 1_000_000_000_000n, 'after ' + after + ' before ' + before);
  const seenByCanister = await actor.balance();
  assert.ok(seenByCanister > 0n && seenByCanister <= after, 'canister sees ' + seenByCanister);
  ok('cycles');

  const deferred = pic.createDeferredActor(idlFactory, canisterId);
  const executeFetch = await deferred.fetch('https://example.org/hello');
  await pic.tick(2);
  const pending = await pic.getPendingHttpsOutcalls();
  assert.equal(pending.length, 1);
  assert.equal(pending[0].url, 'https://example.org/hello');
  assert.equal(pending[0].httpMethod, 'GET');
  assert.deepEqual(pending[0].headers, [['Accept', 'text/plain']]);
  assert.equal(pending[0].subnetId.toText(), subnetId.toText());
  await pic.mockPendingHttpsOutcall({
    requestId: pending[0].requestId,
    subnetId: pending[0].subnetId,
    response: {
      type: 'success',
      statusCode: 200,
      headers: [['Content-Type', 'text/plain']],
      body: new TextEncoder().encode('hello world'),
    },
  });
  assert.equal(await executeFetch(), '200 hello world');
  assert.equal((await pic.getPendingHttpsOutcalls()).length, 0);
  ok('HTTP outcall mocked');

  const missing = Principal.fromText('rrkah-fqaaa-aaaaa-aaaaq-cai');
  await expectRejection(
    pic.queryCall({ canisterId: missing, method: 'get', arg: new Uint8Array(IDL.encode([], [])) }),
    /Reject code: DestinationInvalid\. Error code: CanisterNotFound/,
    'call to a missing canister');

  const stable = new TextEncoder().encode('stable bytes from PicJS');
  await pic.setStableMemory(canisterId, stable);
  const read = await pic.getStableMemory(canisterId);
  assert.deepEqual(Array.from(read.slice(0, stable.length)), Array.from(stable));
  assert.equal(await actor.increment(), 3n);
  ok('stable memory');

  const other = await PocketIc.create(serverUrl, { processingTimeoutMs: 180_000 });
  const second = await other.setupCanister({ idlFactory, wasm: wasmPath });
  const [mine, theirs] = await Promise.all([actor.increment(), second.actor.increment()]);
  assert.equal(mine, 4n);
  assert.equal(theirs, 1n);
  await other.tearDown();
  assert.equal(await actor.get(), 4n);
  ok('parallel instance isolated and deleted');

  await pic.tearDown();
  const states = await (await fetch(serverUrl + '/instances')).json();
  assert.ok(states.length >= 2 && states.every(state => state === 'Deleted'), JSON.stringify(states));
  ok('instances deleted');
  console.log('PASS');
}

main().catch(error => {
  console.error('FAIL', error && error.stack ? error.stack : error);
  process.exit(1);
});
