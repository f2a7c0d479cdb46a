// Drives the IC HTTP interface of a pocketic-embedded instance with agent-js (@dfinity/agent 3.x), the agent
// browsers and Node use, with its default checks on: certificates verified against the fetched root key,
// query responses checked against the certified node keys, certificate freshness.
// Usage: node ic-http-agent.cjs <agent url> <counter id> [<reader id> <target id>]; prints one JSON object, exits
// non-zero on failure. With the two ids of motoko/composite canisters it also runs a composite query.
const { HttpAgent, Actor, CanisterStatus, pollForResponse } = require('@dfinity/agent');
const { IDL } = require('@dfinity/candid');
const { Principal } = require('@dfinity/principal');
const { Ed25519KeyIdentity } = require('@dfinity/identity');

const [url, canisterText, readerText, targetText] = process.argv.slice(2);
const canisterId = Principal.fromText(canisterText);

const counter = ({ IDL }) => IDL.Service({
  inc: IDL.Func([], [IDL.Nat], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
  incThenTrap: IDL.Func([], [IDL.Nat], []),
});

const reader = ({ IDL }) => IDL.Service({
  readVia: IDL.Func([IDL.Principal], [IDL.Nat], ['composite_query']),
  value: IDL.Func([], [IDL.Nat], ['query']),
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

  if (readerText) {
    const readerActor = Actor.createActor(reader, { agent, canisterId: Principal.fromText(readerText) });
    result.composite = (await readerActor.readVia(Principal.fromText(targetText))).toString();
    result.readerAfter = (await readerActor.value()).toString();
    try {
      // the same method called as an update: replicated mode, which the IC refuses
      await agent.call(Principal.fromText(readerText), {
        methodName: 'readVia', arg: IDL.encode([IDL.Principal], [Principal.fromText(targetText)]),
        effectiveCanisterId: Principal.fromText(readerText),
      }).then(({ requestId }) => pollForResponse(agent, Principal.fromText(readerText), requestId));
      result.compositeAsUpdate = 'no error';
    } catch (error) {
      result.compositeAsUpdate = String(error.message || error);
    }
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
