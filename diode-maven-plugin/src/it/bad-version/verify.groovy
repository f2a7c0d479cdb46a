def log = new File(basedir, 'build.log').text
assert log.contains("Canister 'app': version '1.0.0-SNAPSHOT' is not a natural number.")
assert log.contains('Set <version> on the canister (or -Ddiode.version=N for all canisters)')
assert !log.contains('Compiling ')
assert !(log =~ /(?m)^\s+at io\.diode\./)
assert !new File(basedir, 'target/canisters/app.wasm').exists()
return true
