package io.diode.maven.build;

import java.nio.file.Path;

/**
 * How the user configured the compiler: an explicit moc (or null), where the npm compiler is
 * cached, which npm version to use, and a scratch directory for the Node driver.
 */
public record CompilerSettings(Path mocPath, Path cacheDirectory, String motokoVersion, Path workDirectory) {}
