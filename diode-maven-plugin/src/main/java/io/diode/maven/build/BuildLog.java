package io.diode.maven.build;

/** Where the build reports progress; the Maven goal forwards it to Maven's log, tests record it. */
public interface BuildLog {
    void info(String message);

    void warn(String message);

    void error(String message);
}
