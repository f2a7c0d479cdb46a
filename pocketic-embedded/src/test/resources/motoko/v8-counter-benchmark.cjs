// Runs the same Motoko counter module under V8 with a minimal ic0 host, for comparison with EngineBenchmark.
// Usage: <node >= 24> v8-counter-benchmark.cjs <counter.wasm> [updates]
// Only what the counter's init, inc and get need is implemented; anything else traps.
const fs = require('fs');
const wasmBytes = fs.readFileSync(process.argv[2]);
const updates = Number(process.argv[3] || 3000);
const compiled = new WebAssembly.Module(wasmBytes);

function instantiate() {
  let memory;
  let arg = new Uint8Array(0);
  let reply = [];
  let stable = new Uint8Array(0);
  const bytes = () => new Uint8Array(memory.buffer);
  const self = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xe0, 0, 0, 1, 1]);
  const copy = (src, dst, off, size) => bytes().set(src.subarray(Number(off), Number(off) + Number(size)), Number(dst));
  const ic0 = {
    msg_arg_data_size: () => BigInt(arg.length),
    msg_arg_data_copy: (dst, off, size) => copy(arg, dst, off, size),
    msg_caller_size: () => 1n,
    msg_caller_copy: (dst, off, size) => copy(Uint8Array.from([4]), dst, off, size),
    msg_reply_data_append: (src, size) => reply.push(bytes().slice(Number(src), Number(src) + Number(size))),
    msg_reply: () => {},
    msg_reject: () => { throw new Error('reject'); },
    canister_self_size: () => BigInt(self.length),
    canister_self_copy: (dst, off, size) => copy(self, dst, off, size),
    canister_cycle_balance128: (dst) => bytes().fill(0, Number(dst), Number(dst) + 16),
    canister_status: () => 1,
    debug_print: () => {},
    trap: (src, size) => { throw new Error(Buffer.from(bytes().slice(Number(src), Number(src) + Number(size))).toString()); },
    time: () => BigInt(Date.now()) * 1000000n,
    global_timer_set: () => 0n,
    performance_counter: () => 0n,
    stable64_size: () => BigInt(stable.length / 65536),
    stable64_grow: (pages) => { const old = stable.length / 65536; const n = new Uint8Array(stable.length + Number(pages) * 65536); n.set(stable); stable = n; return BigInt(old); },
    stable64_read: (dst, off, size) => copy(stable, dst, off, size),
    stable64_write: (off, src, size) => stable.set(bytes().subarray(Number(src), Number(src) + Number(size)), Number(off)),
  };
  const imports = { ic0: new Proxy(ic0, { get: (t, name) => t[name] || (() => { throw new Error('ic0.' + name + ' not provided'); }) }) };
  const instance = new WebAssembly.Instance(compiled, imports);
  memory = instance.exports.mem || instance.exports.memory;
  return {
    call(name, argument) { arg = argument; reply = []; instance.exports[name](); return reply; },
  };
}

const didlNat0 = Uint8Array.from([0x44, 0x49, 0x44, 0x4c, 0, 1, 0x7d, 0]);
const didlEmpty = Uint8Array.from([0x44, 0x49, 0x44, 0x4c, 0, 0]);
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const inits = [];
let canister;
for (let i = 0; i < 25; i++) {
  const start = process.hrtime.bigint();
  canister = instantiate();
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
