// Drives a PocketIC server with PicJS (@dfinity/pic) on an instance of several subnets: an NNS and two application
// subnets, canisters created on a chosen subnet (targetSubnetId), with a mainnet NNS id (targetCanisterId) and by
// default, each found on its subnet (getCanisterSubnetId) and running there.
// Usage: node picjs-subnets.cjs <server url> <probe.wasm>   (NODE_PATH must reach @dfinity/pic)
// Prints "ok <step>" per step and "PASS" at the end; any failure exits non-zero with the reason.
const assert = require('node:assert/strict');
const { PocketIc, SubnetStateType } = require('@dfinity/pic');
const { Principal } = require('@icp-sdk/core/principal');

const [serverUrl, wasmPath] = process.argv.slice(2);

const idlFactory = ({ IDL }) => IDL.Service({
  increment: IDL.Func([], [IDL.Nat], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
});

function ok(step) {
  console.log('ok ' + step);
}

async function main() {
  const fresh = { state: { type: SubnetStateType.New } };
  const pic = await PocketIc.create(serverUrl, {
    nns: fresh, application: [fresh, fresh], processingTimeoutMs: 180_000,
  });
  ok('create instance with an NNS and two application subnets');

  const topology = await pic.getTopology();
  assert.deepEqual(topology.map(subnet => subnet.type).sort(), ['Application', 'Application', 'NNS']);
  const nns = await pic.getNnsSubnet();
  const applications = await pic.getApplicationSubnets();
  assert.equal(applications.length, 2);
  assert.equal(nns.size, 40);
  assert.equal(nns.canisterRanges[0].start.toText(), 'rwlgt-iiaaa-aaaaa-aaaaa-cai');
  ok('topology');

  const second = applications[1];
  const { actor, canisterId } = await pic.setupCanister({ idlFactory, wasm: wasmPath, targetSubnetId: second.id });
  assert.equal((await pic.getCanisterSubnetId(canisterId)).toText(), second.id.toText());
  assert.equal(await actor.increment(), 1n);
  assert.equal(await actor.get(), 1n);
  ok('canister on the chosen subnet runs there');

  const ledger = Principal.fromText('ryjl3-tyaaa-aaaaa-aaaba-cai');
  const created = await pic.createCanister({ targetCanisterId: ledger });
  assert.equal(created.toText(), ledger.toText());
  assert.equal((await pic.getCanisterSubnetId(ledger)).toText(), nns.id.toText());
  ok('mainnet NNS id on the NNS subnet');

  const plain = await pic.createCanister();
  const effective = await pic.getDefaultEffectiveCanisterId();
  const home = applications.find(subnet => subnet.canisterRanges.some(range =>
      range.start.toText() === effective.toText()));
  assert.ok(home, 'the default effective canister id starts an application subnet\'s range');
  assert.equal((await pic.getCanisterSubnetId(plain)).toText(), home.id.toText());
  ok('default canister on the first application subnet');

  await pic.tearDown();
  console.log('PASS');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
