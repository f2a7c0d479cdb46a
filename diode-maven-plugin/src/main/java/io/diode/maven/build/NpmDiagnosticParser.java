package io.diode.maven.build;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the diagnostics of the npm {@code motoko} compiler: LSP-style objects
 * {@code {source, severity, range:{start:{line, character}}, code, message}} with 0-based positions
 * and severities 1 = error, 2 = warning, 3 = information.
 */
public final class NpmDiagnosticParser {

    public List<Diagnostic> parse(JsonNode diagnostics) {
        List<Diagnostic> result = new ArrayList<>();
        if (diagnostics == null || !diagnostics.isArray()) {
            return result;
        }
        for (JsonNode node : diagnostics) {
            JsonNode start = node.path("range").path("start");
            String source = node.path("source").asText(null);
            result.add(new Diagnostic(
                    source,
                    start.path("line").asInt(0) + 1,
                    start.path("character").asInt(0) + 1,
                    severityOf(node.path("severity").asInt(1)),
                    node.path("code").asText(null),
                    node.path("message").asText("")));
        }
        return result;
    }

    private static Severity severityOf(int lspSeverity) {
        return switch (lspSeverity) {
            case 2 -> Severity.WARNING;
            case 3, 4 -> Severity.INFO;
            default -> Severity.ERROR;
        };
    }
}
