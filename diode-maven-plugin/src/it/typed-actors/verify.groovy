def generated = new File(basedir, 'target/generated-test-sources/diode/com/example/canisters/RoomsActor.java')
assert generated.isFile() : 'diode:build did not generate RoomsActor'
def source = generated.text
assert source.contains('@CandidService(did = RoomsActor.CANDID)')
assert source.contains('@CandidMethod("put")')
assert source =~ /record Room\(/
assert source.contains('sealed interface Visibility')
assert source.contains('java.util.Optional<String> topic')
assert source.contains('java.util.List<String> tags')
assert source.contains('byte[] logo')

def report = new File(basedir, 'target/surefire-reports/com.example.rooms.RoomsActorTest.txt')
assert report.isFile() : 'the test using the generated actor did not run'
assert report.text.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')

def log = new File(basedir, 'build.log').text
assert log.contains('Typed actors: 1 in')
return true
