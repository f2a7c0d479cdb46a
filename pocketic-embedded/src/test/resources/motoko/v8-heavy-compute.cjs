// Runs a heavy update of an engine-prepared (instruction-metered) module under V8 and prints the instructions it
// counted and how fast, for comparison with EngineBenchmark's heavy-compute rate on the same module.
// Usage: <node >= 24> v8-heavy-compute.cjs <prepared.wasm> <update method> [runs]
const fs = require('fs');
const { instantiate, didlEmpty, median } = require('./v8-ic0-host.cjs');
const compiled = new WebAssembly.Module(fs.readFileSync(process.argv[2]));
const method = process.argv[3];
const runs = Number(process.argv[4] || 3);
const canister = instantiate(compiled);
canister.call('canister_init', didlEmpty);
const rates = [];
let instructions = 0n;
for (let i = 0; i < runs; i++) {
  canister.resetCounter();
  const start = process.hrtime.bigint();
  canister.call('canister_update ' + method, didlEmpty);
  const nanos = Number(process.hrtime.bigint() - start);
  instructions = canister.counted();
  rates.push(Number(instructions) / (nanos / 1e9));
}
console.log(`V8 ${process.version}: ${method} counted ${instructions} instructions; median ${(median(rates) / 1e6).toFixed(0)} M instructions/s (runs=${runs})`);
