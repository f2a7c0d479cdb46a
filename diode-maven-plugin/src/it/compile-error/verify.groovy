def log = new File(basedir, 'build.log').text
def bad = new File(basedir, 'src/main/motoko/Bad.mo').canonicalPath
// The error names file:line:column (1-based) with the compiler's code and message...
assert log.contains("${bad}:3:19: [M0050] literal of type")
assert log.contains('Motoko compilation failed for canister \'bad\'')
// ...and is a clean Maven failure: no stack trace, no half-written output.
assert !(log =~ /(?m)^\s+at io\.diode\./)
assert !log.contains('CanisterBuildException')
assert !log.contains('io.diode.maven.build.')
assert !new File(basedir, 'target/canisters/bad.wasm').exists()
return true
