// Compiles Motoko canisters with the npm Motoko compiler, as the diode:build goal does.
// Usage: node compile.js <output dir> <canister dir>...   (each dir holds Main.mo and the files it imports, and
// optionally moc-flags with extra compiler flags)
// Writes <output dir>/<canister>.wasm and <canister>.did. NODE_PATH must reach the motoko package.
const fs = require('fs');
const path = require('path');
const mo = require('motoko');
mo.loadPackage(require('motoko/packages/latest/core.json'));
const [output, ...canisters] = process.argv.slice(2);
for (const dir of canisters) {
  const name = path.basename(dir);
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.mo'))) {
    mo.write(`${name}/${file}`, fs.readFileSync(path.join(dir, file), 'utf8'));
  }
  // extra compiler flags, one or more per line, in an optional moc-flags file (the compiler keeps them across
  // canisters, so each canister sets its own, possibly none)
  const flagsFile = path.join(dir, 'moc-flags');
  mo.setExtraFlags(fs.existsSync(flagsFile)
    ? fs.readFileSync(flagsFile, 'utf8').split(/\s+/).filter((flag) => flag.length > 0) : []);
  let result;
  try {
    result = mo.wasm(`${name}/Main.mo`, 'ic');
  } catch (error) {
    const diagnostics = mo.check(`${name}/Main.mo`).diagnostics || [];
    console.error(`${name}: compilation failed: ${String(error && error.message || error).slice(0, 2000)}`);
    for (const d of diagnostics) {
      console.error(`  ${d.source}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
    }
    process.exitCode = 1;
    continue;
  }
  fs.writeFileSync(path.join(output, `${name}.wasm`), result.wasm);
  fs.writeFileSync(path.join(output, `${name}.did`), result.candid);
  console.log(`${name}: ${result.wasm.length} bytes`);
}
