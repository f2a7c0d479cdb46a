// Compiles Motoko's own run-drun tests with the npm Motoko compiler, for RunDrunReplay.
// Usage: node compile.js <run-drun dir> <jobs.json> <output dir>
// jobs.json: [{ "id": "<output name>", "name": "<module>", "file": "<path relative to the run-drun dir>",
//               "flags": [...], "actorIdl": "<dir or empty>", "aliases": { "<name>": "<principal>" } }, ...]
// A //MOC-ENV (MOC_UNLOCK_PRIM=…) is the environment this process was started with.
// Every .mo file under the run-drun dir is loaded into the compiler's virtual file system first (tests import
// their neighbours), with the test runner's "//OR-CALL" mangling applied, as test/run.sh does before compiling.
// Writes <id>.wasm, or <id>.error with the compiler's message. NODE_PATH must reach the motoko package.
const fs = require('fs');
const path = require('path');
const mo = require('motoko');
const [root, jobsFile, output] = process.argv.slice(2);
const jobs = JSON.parse(fs.readFileSync(jobsFile, 'utf8'));

function load(dir, prefix) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const virtual = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== 'ok' && entry.name !== '_out') load(full, virtual);
    } else if (entry.name.endsWith('.mo') || entry.name.endsWith('.did')) {
      const text = fs.readFileSync(full, 'utf8');
      mo.write(virtual, text.replace(/^.*\/\/OR-CALL/gm, '//CALL'));
    }
  }
}
load(root, '');

for (const job of jobs) {
  const started = Date.now();
  try {
    mo.setExtraFlags(job.flags);
    mo.setAliases(job.actorIdl || '', job.aliases || {});
    const result = mo.wasm(job.file, 'ic');
    fs.writeFileSync(path.join(output, `${job.id}.wasm`), result.wasm);
    console.log(`${job.name}: ${result.wasm.length} bytes in ${Date.now() - started} ms`);
  } catch (error) {
    let text = String((error && error.message) || error);
    try {
      const diagnostics = mo.check(job.file).diagnostics || [];
      for (const d of diagnostics.filter((d) => d.severity === 1)) {
        text += `\n${d.source}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`;
      }
    } catch (ignored) {
      // the compile error above is what matters
    }
    fs.writeFileSync(path.join(output, `${job.id}.error`), text.slice(0, 4000));
    console.log(`${job.name}: compilation failed`);
  }
}
