package io.diode.maven.build;

import java.util.List;

/**
 * What compiling one canister produced: success, the diagnostics (warnings even on success),
 * how long it took, and a problem the compiler reported outside any diagnostic (or null).
 */
public record CompilationOutcome(
        String name, boolean succeeded, List<Diagnostic> diagnostics, long millis, String problem) {
    public CompilationOutcome {
        diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).toList();
    }
}
