package io.diode.maven.build;

/**
 * One compiler message at a source position. Lines and columns are 1-based, as editors and
 * Maven's own compiler output show them. A message the compiler gave without a position has a
 * null file and line 0.
 */
public record Diagnostic(String file, int line, int column, Severity severity, String code, String message) {

    /** {@code path:line:column: [M0050] message}: the form IDEs turn into a link. */
    public String format() {
        if (file == null) {
            return message;
        }
        String prefix = code == null || code.isBlank() ? "" : "[" + code + "] ";
        return file + ":" + line + ":" + column + ": " + prefix + message;
    }
}
