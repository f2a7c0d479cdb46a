// A minimal ic0 host for running Motoko canisters under V8 (node >= 24), for comparisons with the engine's
// benchmarks. Only what the benchmark canisters call is implemented; anything else throws.
function instantiate(compiled) {
  let memory;
  let instance;
  let arg = new Uint8Array(0);
  let reply = [];
  let stable = new Uint8Array(0);
  const bytes = () => new Uint8Array(memory.buffer);
  const self = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xe0, 0, 0, 1, 1]);
  const copy = (src, dst, off, size) => bytes().set(src.subarray(Number(off), Number(off) + Number(size)), Number(dst));
  // an instrumented module (the engine's prepared bytes) counts its instructions down from what the host set
  const counted = () => (instance.exports['diode:instructions.get'] ? BigInt(LIMIT) - instance.exports['diode:instructions.get']() : 0n);
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
    performance_counter: () => counted(),
    stable64_size: () => BigInt(stable.length / 65536),
    stable64_grow: (pages) => { const old = stable.length / 65536; const n = new Uint8Array(stable.length + Number(pages) * 65536); n.set(stable); stable = n; return BigInt(old); },
    stable64_read: (dst, off, size) => copy(stable, dst, off, size),
    stable64_write: (off, src, size) => stable.set(bytes().subarray(Number(src), Number(src) + Number(size)), Number(off)),
  };
  const imports = { ic0: new Proxy(ic0, { get: (t, name) => t[name] || (() => { throw new Error('ic0.' + name + ' not provided'); }) }) };
  instance = new WebAssembly.Instance(compiled, imports);
  memory = instance.exports.mem || instance.exports.memory;
  if (instance.exports['diode:instructions.set']) {
    instance.exports['diode:instructions.set'](BigInt(LIMIT));
  }
  if (instance.exports['diode:start']) {
    instance.exports['diode:start']();
  }
  return {
    exports: instance.exports,
    call(name, argument) { arg = argument; reply = []; instance.exports[name](); return reply; },
    /** Instructions an instrumented module counted since the counter was last set. */
    counted,
    resetCounter() { instance.exports['diode:instructions.set'](BigInt(LIMIT)); },
  };
}

const LIMIT = 2n ** 62n;
const didlEmpty = Uint8Array.from([0x44, 0x49, 0x44, 0x4c, 0, 0]);
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

module.exports = { instantiate, didlEmpty, median };
