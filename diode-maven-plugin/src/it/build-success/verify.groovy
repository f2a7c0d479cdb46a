import groovy.json.JsonSlurper
import java.security.MessageDigest
import java.util.zip.GZIPInputStream

def out = new File(basedir, 'target/canisters')
def sha256 = { byte[] bytes -> MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString() }
def manifest = new JsonSlurper().parse(new File(out, 'canisters.json'))
assert manifest.compiler ==~ /npm motoko .+|.*[Mm]otoko.*/
assert manifest.canisters*.name == ['counter', 'hello']

manifest.canisters.each { c ->
    byte[] wasm = new File(out, "${c.name}.wasm").bytes
    byte[] gz = new File(out, "${c.name}.wasm.gz").bytes
    assert wasm[0..3] == [0, 0x61, 0x73, 0x6d] as byte[] : "${c.name}.wasm is not a WebAssembly module"
    assert new GZIPInputStream(new ByteArrayInputStream(gz)).bytes == wasm
    assert c.file == "${c.name}.wasm.gz"
    assert c.size == gz.length
    assert c.moduleHash == sha256(gz)
    assert c.wasm.file == "${c.name}.wasm"
    assert c.wasm.size == wasm.length
    assert c.wasm.sha256 == sha256(wasm)
    assert new File(out, c.candid).isFile()
}
assert manifest.canisters[0].version == '3'
assert manifest.canisters[1].version == null   // no version configured: version-check compares hashes only
assert new File(out, 'counter.did').text.contains('inc: () -> (nat)')
assert new File(out, 'hello.did').text.contains('hello: (name: text) -> (text) query')

def log = new File(basedir, 'build.log').text
assert log.contains('Motoko compiler: mocPath not set')
assert log.contains('Motoko compiler: DIODE_MOC not set')
assert log =~ /Canister counter: compiled in [0-9.]+ s/
// The unused binding in Hello.mo is a warning: logged with its position, build still succeeds.
assert log =~ /\[WARNING\] .*Hello\.mo:5:9: \[M0194\]/
return true
