def log = new File(basedir, 'build.log').text
// The second Maven run found nothing to do.
assert log.contains('Canister app: up to date (sources, flags and compiler unchanged)')
assert log.contains('Unchanged: ')
assert new File(basedir, 'target/canisters/app.wasm').isFile()
assert new File(basedir, 'target/canisters/canisters.json').isFile()
return true
