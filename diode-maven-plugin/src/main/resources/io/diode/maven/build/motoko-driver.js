'use strict';
// Runs the npm `motoko` compiler (JavaScript build of moc) for diode:build.
// Usage: node motoko-driver.js <motoko package dir> <request.json> <result.json>
// The request lists canisters to compile; the result holds per-canister diagnostics.
// The result goes to a file, not stdout, because the compiler may print to stdout itself.
const fs = require('fs');
const path = require('path');

const [motokoArg, requestFile, resultFile] = process.argv.slice(2);
const motokoDir = path.resolve(motokoArg);
const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));

// The compiler sees a virtual file system: the user's source tree lives under SOURCE_ROOT and
// every package alias under PACKAGE_ROOT/<name>, so relative imports behave as on disk.
const SOURCE_ROOT = 'src/';
const PACKAGE_ROOT = '.diode-packages/';

function writeTree(mo, diskDir, virtualDir) {
  for (const entry of fs.readdirSync(diskDir, { withFileTypes: true })) {
    const disk = path.join(diskDir, entry.name);
    const virtual = virtualDir + entry.name;
    if (entry.isDirectory()) {
      writeTree(mo, disk, virtual + '/');
    } else if (entry.isFile() && (entry.name.endsWith('.mo') || entry.name.endsWith('.did'))) {
      mo.write(virtual, fs.readFileSync(disk, 'utf8'));
    }
  }
}

// Maps a virtual path in a diagnostic back to the file on disk, so Maven shows a clickable path.
function diskPath(source) {
  if (typeof source !== 'string') return source;
  if (source.startsWith(SOURCE_ROOT)) return path.join(request.sourceRoot, source.slice(SOURCE_ROOT.length));
  if (source.startsWith(PACKAGE_ROOT)) {
    const rest = source.slice(PACKAGE_ROOT.length);
    const slash = rest.indexOf('/');
    const pkg = request.packages.find((p) => p.name === rest.slice(0, slash));
    if (pkg) return path.join(pkg.dir, rest.slice(slash + 1));
  }
  return source;
}

function describe(error) {
  if (error instanceof Error) {
    // The motoko wrapper reports compiler exceptions as "Unable to execute f(...):\n<JSON>".
    const newline = error.message.indexOf('\n');
    if (error.message.startsWith('Unable to execute') && newline > 0) {
      try {
        return describe(JSON.parse(error.message.slice(newline + 1)));
      } catch (unparsable) {
        // Fall back to the raw message.
      }
    }
    return error.message;
  }
  // js_of_ocaml exceptions arrive as arrays; the human-readable text is their last string element.
  if (Array.isArray(error)) {
    const text = error.filter((part) => typeof part === 'string').pop();
    if (text) return text.trim();
  }
  try { return JSON.stringify(error); } catch (e) { return String(error); }
}

// The compiler keeps state between compilations (its name and data sections depend on what it
// compiled before, and extra flags stick), so every canister gets a freshly loaded compiler:
// the same sources, flags and compiler then give the same bytes whatever else is built alongside.
// Reloading costs ~0.3-0.4 s per canister against ~3 s of compiling.
const userPackages = new Set(request.packages.map((p) => p.name));
const corePackage = userPackages.has('core') ? null : require(path.join(motokoDir, 'packages', 'latest', 'core.json'));

function freshCompiler() {
  for (const cached of Object.keys(require.cache)) {
    if (cached.startsWith(motokoDir)) delete require.cache[cached];
  }
  const mo = require(motokoDir);
  if (corePackage) mo.loadPackage(corePackage);
  for (const pkg of request.packages) {
    writeTree(mo, pkg.dir, PACKAGE_ROOT + pkg.name + '/');
    mo.usePackage(pkg.name, PACKAGE_ROOT + pkg.name);
  }
  writeTree(mo, request.sourceRoot, SOURCE_ROOT);
  return mo;
}

const results = [];
let compilerVersion = null;
for (const canister of request.canisters) {
  const started = Date.now();
  const result = { name: canister.name, ok: false, diagnostics: [], millis: 0 };
  const mo = freshCompiler();
  compilerVersion = mo.version;
  try {
    mo.setExtraFlags(canister.flags);
  } catch (error) {
    result.error = 'the compiler rejected the flags ' + JSON.stringify(canister.flags) + ': ' + describe(error);
    results.push(result);
    continue;
  }
  try {
    const output = mo.compiler.compileWasm('ic', SOURCE_ROOT + canister.main);
    result.diagnostics = (output.diagnostics || []).map((d) => ({ ...d, source: diskPath(d.source) }));
    if (output.code) {
      fs.writeFileSync(canister.wasm, Buffer.from(output.code.wasm));
      fs.writeFileSync(canister.did, output.code.candid);
      result.ok = true;
    }
  } catch (error) {
    result.error = describe(error);
  }
  result.millis = Date.now() - started;
  results.push(result);
}
fs.writeFileSync(resultFile, JSON.stringify({ compilerVersion, results }));
