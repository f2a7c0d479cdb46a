// Compiles probe.mo to probe.wasm + probe.did with the npm Motoko compiler (motoko@4.10.0).
// Usage: NODE_PATH=<dir with node_modules> node compile-probe.js
const fs = require('fs');
const path = require('path');
const mo = require('motoko');
mo.loadPackage(require('motoko/packages/latest/core.json'));
const source = path.join(__dirname, 'probe.mo');
mo.write('probe.mo', fs.readFileSync(source, 'utf8'));
const result = mo.wasm('probe.mo', 'ic');
fs.writeFileSync(path.join(__dirname, 'probe.wasm'), result.wasm);
fs.writeFileSync(path.join(__dirname, 'probe.did'), result.candid);
console.log('probe.wasm', result.wasm.length, 'bytes');
