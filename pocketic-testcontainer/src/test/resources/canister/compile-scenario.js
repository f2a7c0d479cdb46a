// Compiles scenario.mo to scenario.wasm with the npm Motoko compiler (motoko@4.10.0).
// Usage: NODE_PATH=<dir with node_modules> node compile-scenario.js
const fs = require('fs');
const path = require('path');
const mo = require('motoko');
mo.loadPackage(require('motoko/packages/latest/core.json'));
mo.write('scenario.mo', fs.readFileSync(path.join(__dirname, 'scenario.mo'), 'utf8'));
const result = mo.wasm('scenario.mo', 'ic');
fs.writeFileSync(path.join(__dirname, 'scenario.wasm'), result.wasm);
console.log('scenario.wasm', result.wasm.length, 'bytes');
