import groovy.json.JsonSlurper

def manifest = new JsonSlurper().parse(new File(basedir, 'target/wasm/canisters.json'))
assert manifest.canisters*.name == ['app']
assert manifest.canisters[0].version == '7'              // -Ddiode.version (never the project version 2.5)
assert manifest.canisters[0].file == 'app.wasm.gz'       // -Ddiode.gzip
assert new File(basedir, 'target/wasm/app.did').isFile() // -Ddiode.outputDirectory
def log = new File(basedir, 'build.log').text
assert !log.contains('M0194')                            // -Ddiode.flags silenced the warning
return true
