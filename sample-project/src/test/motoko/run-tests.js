#!/usr/bin/env node
// Runs the Motoko unit tests of the sample canisters and checks that both canisters compile.
//
//   node sample-project/src/test/motoko/run-tests.js                  # tests + compile + .did check
//   node sample-project/src/test/motoko/run-tests.js --update-candid  # also rewrite src/main/candid/*.did
//   node sample-project/src/test/motoko/run-tests.js Sha256           # only tests whose file name contains "Sha256"
//   node sample-project/src/test/motoko/run-tests.js --built-candid sample-project/target/canisters
//                                     # compare src/main/candid/*.did with what diode:build produced instead of
//                                     # compiling again (what the Maven build does: the canisters were just built)
//
// The compiler is the npm package motoko@4.10.0 (the one the build uses). It is taken from
// MOTOKO_NODE_MODULES (a node_modules folder), else from Node's normal resolution, else it is
// installed once into sample-project/target/motoko-js with npm.
//
// Why the interpreter: test drivers under src/test/motoko are plain Motoko programs that import the
// pure modules of src/main/motoko and `assert`; mo.run executes them without a replica. Actors are
// only type-checked and compiled here; they are exercised end to end by the Java integration tests.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const MOTOKO_VERSION = '4.10.0';
const projectDir = path.resolve(__dirname, '..', '..', '..');
const srcDir = path.join(projectDir, 'src');
const candidDir = path.join(srcDir, 'main', 'candid');
const CANISTERS = { factory: 'main/motoko/factory/Factory.mo', zone: 'main/motoko/zone/Zone.mo' };

function requireMotoko(subpath) {
  const candidates = [];
  if (process.env.MOTOKO_NODE_MODULES) candidates.push(path.join(process.env.MOTOKO_NODE_MODULES, 'motoko'));
  candidates.push('motoko');
  const localDir = path.join(projectDir, 'target', 'motoko-js');
  candidates.push(path.join(localDir, 'node_modules', 'motoko'));
  for (const base of candidates) {
    try { return require(base + subpath); } catch (e) { /* try the next one */ }
  }
  console.log(`motoko@${MOTOKO_VERSION} not found; installing it into ${localDir}`);
  fs.mkdirSync(localDir, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', localDir, `motoko@${MOTOKO_VERSION}`], { stdio: 'inherit' });
  return require(path.join(localDir, 'node_modules', 'motoko') + subpath);
}

function loadSources(mo) {
  const corePackage = requireMotoko('/packages/latest/core.json');
  mo.loadPackage(corePackage);
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.mo')) mo.write(path.relative(srcDir, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8'));
    }
  };
  walk(path.join(srcDir, 'main', 'motoko'));
  walk(path.join(srcDir, 'test', 'motoko'));
  // `mo:version/...`: the release version constants, as the build's <packages> maps them (pom.xml).
  walk(path.join(srcDir, 'main', 'motoko-version'));
  mo.usePackage('version', 'main/motoko-version');
}

function formatDiagnostic(d) {
  return `${d.source}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity === 1 ? 'error' : 'warning'}: ${d.message}`;
}

function main() {
  const args = process.argv.slice(2);
  const updateCandid = args.includes('--update-candid');
  const builtCandidIndex = args.indexOf('--built-candid');
  const builtCandidDir = builtCandidIndex >= 0 ? args[builtCandidIndex + 1] : null;
  if (builtCandidIndex >= 0 && !builtCandidDir) {
    console.log('--built-candid needs the directory that holds the built <canister>.did files');
    process.exit(2);
  }
  const filter = args.find((a, i) => !a.startsWith('--') && i !== builtCandidIndex + 1);
  let failures = 0;

  const interpreter = requireMotoko('/interpreter');
  loadSources(interpreter);
  const testFiles = fs.readdirSync(path.join(srcDir, 'test', 'motoko'))
    .filter((f) => f.endsWith('Test.mo') && (!filter || f.includes(filter))).sort();
  for (const file of testFiles) {
    const started = Date.now();
    const result = interpreter.run(`test/motoko/${file}`);
    // The interpreter reports type warnings on stderr too; only errors (type or execution) fail a test.
    const errorLines = result.stderr.split('\n').filter((l) => /\berror\b/.test(l) && !/\bwarning\b/.test(l));
    const ok = !result.result.error && errorLines.length === 0;
    console.log(`${ok ? 'PASS' : 'FAIL'} ${file} (${Date.now() - started} ms)`);
    if (!ok || process.env.VERBOSE) process.stdout.write(result.stdout);
    if (!ok) { process.stdout.write(result.stderr); failures++; }
  }

  if (!filter && builtCandidDir) {
    for (const name of Object.keys(CANISTERS)) {
      const built = path.join(builtCandidDir, `${name}.did`);
      const committed = path.join(candidDir, `${name}.did`);
      if (!fs.existsSync(built)) {
        console.log(`FAIL candid ${name}: ${built} does not exist; run diode:build first`);
        failures++;
      } else if (!fs.existsSync(committed) || fs.readFileSync(committed, 'utf8') !== fs.readFileSync(built, 'utf8')) {
        console.log(`FAIL candid ${name}: ${path.relative(projectDir, committed)} differs from the built interface ${built}; copy it over and review the diff`);
        failures++;
      } else {
        console.log(`PASS candid ${name}: committed interface matches the build`);
      }
    }
  } else if (!filter) {
    const compiler = requireMotoko('');
    loadSources(compiler);
    for (const [name, entry] of Object.entries(CANISTERS)) {
      const diagnostics = compiler.check(entry);
      const warnings = diagnostics.filter((d) => d.severity !== 1);
      const errors = diagnostics.filter((d) => d.severity === 1);
      warnings.forEach((d) => console.log(formatDiagnostic(d)));
      if (errors.length) {
        errors.forEach((d) => console.log(formatDiagnostic(d)));
        console.log(`FAIL compile ${name}`);
        failures++;
        continue;
      }
      const started = Date.now();
      const { wasm, candid } = compiler.wasm(entry, 'ic');
      const didFile = path.join(candidDir, `${name}.did`);
      let verdict = 'PASS';
      if (updateCandid) {
        fs.mkdirSync(candidDir, { recursive: true });
        fs.writeFileSync(didFile, candid);
      } else if (!fs.existsSync(didFile) || fs.readFileSync(didFile, 'utf8') !== candid) {
        verdict = 'FAIL';
        console.log(`  ${path.relative(projectDir, didFile)} differs from the compiler's interface; rerun with --update-candid and review the diff`);
        failures++;
      }
      console.log(`${verdict} compile ${name}: ${wasm.length} bytes of WASM, ${warnings.length} warnings (${Date.now() - started} ms)`);
    }
  }

  console.log(failures === 0 ? 'ALL PASSED' : `${failures} FAILED`);
  process.exit(failures === 0 ? 0 : 1);
}

main();
