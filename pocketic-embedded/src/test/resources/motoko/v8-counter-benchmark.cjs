// Runs the same Motoko counter module under V8 with a minimal ic0 host, for comparison with EngineBenchmark.
// Usage: <node >= 24> v8-counter-benchmark.cjs <counter.wasm> [updates]
// The host is v8-ic0-host.cjs: only what the benchmark canisters call is implemented.
const fs = require('fs');
const wasmBytes = fs.readFileSync(process.argv[2]);
const updates = Number(process.argv[3] || 3000);
const compiled = new WebAssembly.Module(wasmBytes);
const { instantiate, didlEmpty, median } = require('./v8-ic0-host.cjs');

const didlNat0 = Uint8Array.from([0x44, 0x49, 0x44, 0x4c, 0, 1, 0x7d, 0]);
const inits = [];
let canister;
for (let i = 0; i < 25; i++) {
  const start = process.hrtime.bigint();
  canister = instantiate(compiled);
  canister.call('canister_init', didlNat0);
  inits.push(Number(process.hrtime.bigint() - start) / 1000);
}
const times = [];
for (let i = 0; i < 500 + updates; i++) {
  const start = process.hrtime.bigint();
  canister.call('canister_update inc', didlEmpty);
  if (i >= 500) times.push(Number(process.hrtime.bigint() - start) / 1000);
}
// the counter must really have counted: get replies DIDL + nat (LEB128) = 500 + updates
const got = Buffer.concat(canister.call('canister_query get', didlEmpty));
let value = 0, shift = 0;
for (const b of got.subarray(7)) { value += (b & 0x7f) * 2 ** shift; shift += 7; if (b < 0x80) break; }
if (value !== 500 + updates) throw new Error(`counter at ${value}, expected ${500 + updates}`);
console.log(`V8 ${process.version}: instantiate + canister_init median ${median(inits.slice(5)).toFixed(0)} µs; `
  + `update inc median ${median(times).toFixed(1)} µs (n=${updates})`);
