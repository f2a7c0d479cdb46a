// Drives the IC HTTP interface of a pocketic-embedded instance with agent-js (@dfinity/agent 3.x), the agent
// browsers and Node use, with its default checks on: certificates verified against the fetched root key,
// query responses checked against the certified node keys, certificate freshness.
// Usage: node ic-http-agent.cjs <agent url> <canister id>; prints one JSON object, exits non-zero on failure.
const { HttpAgent, Actor, CanisterStatus, pollForResponse } = require('@dfinity/agent');
const { IDL } = require('@dfinity/candid');
const { Principal } = require('@dfinity/principal');
const { Ed25519KeyIdentity } = require('@dfinity/identity');

const [url, canisterText] = process.argv.slice(2);
const canisterId = Principal.fromText(canisterText);

const counter = ({ IDL }) => IDL.Service({
  inc: IDL.Func([], [IDL.Nat], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
  incThenTrap: IDL.Func([], [IDL.Nat], []),
});

async function main() {
  const identity = Ed25519KeyIdentity.generate();
  const agent = await HttpAgent.create({ host: url, identity, shouldFetchRootKey: true });
  const actor = Actor.createActor(counter, { agent, canisterId });
  const result = { sender: identity.getPrincipal().toText() };

  result.before = (await actor.get()).toString();
  result.afterInc = (await actor.inc()).toString();
  result.queried = (await actor.get()).toString();

  // the update path an agent takes step by step: submit, then poll request_status
  const { requestId } = await agent.call(canisterId, {
    methodName: 'inc', arg: IDL.encode([], []), effectiveCanisterId: canisterId,
  });
  const polled = await pollForResponse(agent, canisterId, requestId);
  result.polled = IDL.decode([IDL.Nat], polled.reply)[0].toString();

  try {
    await actor.incThenTrap();
    result.trap = 'no error';
  } catch (error) {
    result.trap = String(error.message || error);
  }

  const status = await CanisterStatus.request({ canisterId, agent, paths: ['module_hash', 'controllers', 'time'] });
  result.moduleHash = status.get('module_hash');
  result.controllers = status.get('controllers').map(principal => principal.toText());
  result.time = status.get('time').toISOString();
  console.log(JSON.stringify(result));
}

main().catch(error => {
  console.error('agent-js failed: ' + (error && error.stack || error));
  process.exit(1);
});
