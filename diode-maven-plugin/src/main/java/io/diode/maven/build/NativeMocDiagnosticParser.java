package io.diode.maven.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the diagnostics the native {@code moc} prints, such as
 * {@code src/Main.mo:3.19-3.22: type error [M0050], literal of type}, followed by indented
 * continuation lines. moc's positions are already 1-based (line and column).
 */
public final class NativeMocDiagnosticParser {
    private static final Pattern HEADER =
            Pattern.compile("^(?<file>.+?):(?<line>\\d+)\\.(?<column>\\d+)(?:-\\d+\\.\\d+)?: "
                    + "(?<kind>[A-Za-z][A-Za-z ]*?)(?: \\[(?<code>M\\d+)])?, (?<message>.*)$");

    public List<Diagnostic> parse(String output) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Pending pending = null;
        for (String line : output.split("\\R")) {
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                if (pending != null) {
                    diagnostics.add(pending.toDiagnostic());
                }
                pending = new Pending(
                        header.group("file"),
                        Integer.parseInt(header.group("line")),
                        Integer.parseInt(header.group("column")),
                        severityOf(header.group("kind")),
                        header.group("code"),
                        new StringBuilder(header.group("message")));
            } else if (pending != null && !line.isBlank()) {
                pending.message().append('\n').append(line);
            } else if (!line.isBlank()) {
                // moc also reports problems with no source position (a missing file, a bad flag).
                diagnostics.add(new Diagnostic(null, 0, 0, Severity.ERROR, null, line.strip()));
            }
        }
        if (pending != null) {
            diagnostics.add(pending.toDiagnostic());
        }
        return diagnostics;
    }

    private static Severity severityOf(String kind) {
        if (kind.contains("warning")) {
            return Severity.WARNING;
        }
        if (kind.equals("info")) {
            return Severity.INFO;
        }
        return Severity.ERROR;
    }

    private record Pending(String file, int line, int column, Severity severity, String code, StringBuilder message) {
        Diagnostic toDiagnostic() {
            return new Diagnostic(file, line, column, severity, code, message.toString());
        }
    }
}
