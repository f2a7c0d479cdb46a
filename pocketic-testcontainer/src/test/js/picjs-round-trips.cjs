// Times warm update and query round trips through PicJS (@dfinity/pic), the PocketIC client most canister projects
// use, against a server: for PocketIcBenchmark.
// Usage: node picjs-round-trips.cjs <server url> <scenario.wasm> <warm-up calls> <measured calls>
// (NODE_PATH must reach @dfinity/pic). Prints, per measure, the mean wall time per call and the CPU time Node itself
// spent per call (the share no server can remove; it also holds up better than wall time on a loaded machine):
//   "picjs update", "picjs query": PicJS's updateCall (two requests: submit_ingress_message, await_ingress_message)
//     and queryCall against the server;
//   "picjs fetch /status": Node's own HTTP round trip to the server;
//   "picjs update/query, zero-work server": the same PicJS calls against a stub in another Node process that answers
//     each request at once with the server's recorded answer: the floor PicJS sets, whatever the server.
const http = require('node:http');
const { fork } = require('node:child_process');

const idlFactory = ({ IDL }) => IDL.Service({
  increment: IDL.Func([], [IDL.Nat], []),
  get: IDL.Func([], [IDL.Nat], ['query']),
});

/** Mean wall and Node CPU milliseconds per call, as "<wall> ms (Node CPU <cpu> ms)". */
async function measure(warmUp, calls, call) {
  for (let i = 0; i < warmUp; i++) {
    await call();
  }
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    await call();
  }
  const wall = Number(process.hrtime.bigint() - start) / 1e6 / calls;
  const cpu = process.cpuUsage(cpuBefore);
  return `${wall.toFixed(3)} ms (Node CPU ${((cpu.user + cpu.system) / 1000 / calls).toFixed(3)} ms)`;
}

async function main() {
  const { PocketIc } = require('@dfinity/pic');
  const [serverUrl, wasmPath, warmUpText, callsText] = process.argv.slice(2);
  const warmUp = Number(warmUpText);
  const calls = Number(callsText);
  const pic = await PocketIc.create(serverUrl, { processingTimeoutMs: 180_000 });
  let stub;
  try {
    const { actor } = await pic.setupCanister({ idlFactory, wasm: wasmPath });
    const update = await measure(warmUp, calls, () => actor.increment());
    const query = await measure(warmUp, calls, () => actor.get());
    const status = await measure(warmUp, calls, async () => (await fetch(serverUrl + '/status')).arrayBuffer());
    console.log('picjs update ' + update);
    console.log('picjs query ' + query);
    console.log('picjs fetch /status ' + status);

    const answers = await recordAnswers(() => actor.increment(), () => actor.get());
    stub = fork(__filename, ['--zero-work-server', JSON.stringify(answers)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    const stubPort = await new Promise((resolve) => stub.once('message', resolve));
    // PicJS keeps the server's URL in its HTTP client; pointing it at the stub keeps every other step identical
    pic.client.serverClient.baseUrl = 'http://127.0.0.1:' + stubPort;
    console.log('picjs update, zero-work server ' + (await measure(warmUp, calls, () => actor.increment())));
    console.log('picjs query, zero-work server ' + (await measure(warmUp, calls, () => actor.get())));
    pic.client.serverClient.baseUrl = serverUrl;
  } finally {
    stub?.kill();
    await pic.tearDown();
  }
}

/** The server's answer to each request PicJS sends for one update and one query, by the path's last segment. */
async function recordAnswers(...calls) {
  const realFetch = globalThis.fetch;
  const answers = {};
  globalThis.fetch = async (url, init) => {
    const response = await realFetch(url, init);
    answers[new URL(String(url)).pathname.split('/').pop()] = await response.clone().text();
    return response;
  };
  try {
    for (const call of calls) {
      await call();
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  return answers;
}

function serveRecordedAnswers(answers) {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = answers[request.url.split('/').pop()];
      if (answer === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) });
      response.end(answer);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
}

if (process.argv[2] === '--zero-work-server') {
  serveRecordedAnswers(JSON.parse(process.argv[3]));
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
