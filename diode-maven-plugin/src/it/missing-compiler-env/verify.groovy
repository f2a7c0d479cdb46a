def log = new File(basedir, 'build.log').text
assert log.contains('Motoko compiler: mocPath not set')
assert log.contains('Motoko compiler: using DIODE_MOC=/no/such/dir/moc')
assert log.contains('The Motoko compiler /no/such/dir/moc from the DIODE_MOC environment variable does not exist or is not executable')
assert !(log =~ /(?m)^\s+at io\.diode\./)
assert !log.contains('CanisterBuildException')
return true
