package io.diode.maven.build;

/** How serious a compiler diagnostic is. */
public enum Severity {
    ERROR,
    WARNING,
    INFO
}
