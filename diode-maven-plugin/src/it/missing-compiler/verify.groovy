def log = new File(basedir, 'build.log').text
def moc = new File(basedir, 'no/such/moc').path
assert log.contains("The Motoko compiler ${moc} from mocPath (-Ddiode.mocPath) does not exist or is not executable")
assert !(log =~ /(?m)^\s+at io\.diode\./)
assert !log.contains('CanisterBuildException')
assert !log.contains('io.diode.maven.build.')
return true
