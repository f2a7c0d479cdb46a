// Times warm update and query round trips through PicJS (@dfinity/pic), the PocketIC client most canister projects
// use, against a server: for PocketIcBenchmark.
// Usage: node picjs-round-trips.cjs <server url> <scenario.wasm> <warm-up calls> <measured calls>
// (NODE_PATH must reach @dfinity/pic). Prints "picjs update <ms>" and "picjs query <ms>" (mean per call), and
// "picjs fetch /status <ms>": Node's own HTTP round trip to the same server, the floor under PicJS's two requests
// (submit_ingress_message, await_ingress_message) per update and one per query.
const { PocketIc } = require('@dfinity/pic');

const [serverUrl, wasmPath, warmUpText, callsText] = process.argv.slice(2);
const warmUp = Number(warmUpText);
const calls = Number(callsText);

const idlFactory = ({ IDL }) => IDL.Service({
  increment: IDL.Func([], [IDL.Nat], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
});

async function meanMillis(n, call) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    await call();
  }
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

async function main() {
  const pic = await PocketIc.create(serverUrl, { processingTimeoutMs: 180_000 });
  try {
    const { actor } = await pic.setupCanister({ idlFactory, wasm: wasmPath });
    await meanMillis(warmUp, () => actor.increment());
    await meanMillis(warmUp, () => actor.get());
    const update = await meanMillis(calls, () => actor.increment());
    const query = await meanMillis(calls, () => actor.get());
    const status = async () => (await fetch(serverUrl + '/status')).arrayBuffer();
    await meanMillis(warmUp, status);
    const fetchStatus = await meanMillis(calls, status);
    console.log('picjs update ' + update.toFixed(3));
    console.log('picjs query ' + query.toFixed(3));
    console.log('picjs fetch /status ' + fetchStatus.toFixed(3));
  } finally {
    await pic.tearDown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
