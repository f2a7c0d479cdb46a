def log = new File(basedir, 'build.log').text
// The second Maven run found nothing to do, in either execution.
assert log.contains('Canister app: up to date (imported sources, flags and compiler unchanged)')
assert log.contains('Canister tool: up to date (imported sources, flags and compiler unchanged)')
assert log.count('Compiling 1 canister(s)') == 2 : 'each canister compiles once, in the first run only'
assert log.count('Unchanged: ') >= 2 : 'the second run rewrote the manifest'
assert new File(basedir, 'target/canisters/app.wasm').isFile()
assert new File(basedir, 'target/canisters/tool.wasm').isFile()
def manifest = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/canisters/canisters.json'))
assert manifest.canisters*.name == ['app', 'tool'] : 'both executions\' canisters in the one manifest'
// Per-execution work directories.
assert new File(basedir, 'target/diode/app/fingerprints.json').text.contains('"app"')
assert new File(basedir, 'target/diode/tools/fingerprints.json').text.contains('"tool"')
assert !new File(basedir, 'target/diode/app/fingerprints.json').text.contains('"tool"')
return true
