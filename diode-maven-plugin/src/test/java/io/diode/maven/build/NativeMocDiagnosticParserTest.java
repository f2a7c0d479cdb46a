package io.diode.maven.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NativeMocDiagnosticParserTest {
    private final NativeMocDiagnosticParser parser = new NativeMocDiagnosticParser();

    @Test
    void readsPositionsCodesAndMultiLineMessages() {
        String output = """
                /p/src/Bad.mo:3.19-3.22: type error [M0050], literal of type
                  Text
                does not have expected type
                  Nat
                /p/src/Main.mo:4.44-4.50: warning [M0194], unused identifier `unused` (delete or rename to wildcard `_` or `_unused`)
                """;

        List<Diagnostic> diagnostics = parser.parse(output);

        assertThat(diagnostics)
                .containsExactly(
                        new Diagnostic(
                                "/p/src/Bad.mo",
                                3,
                                19,
                                Severity.ERROR,
                                "M0050",
                                "literal of type\n  Text\ndoes not have expected type\n  Nat"),
                        new Diagnostic(
                                "/p/src/Main.mo",
                                4,
                                44,
                                Severity.WARNING,
                                "M0194",
                                "unused identifier `unused` (delete or rename to wildcard `_` or `_unused`)"));
        assertThat(diagnostics.getFirst().format()).startsWith("/p/src/Bad.mo:3:19: [M0050] literal of type");
    }

    @Test
    void readsSyntaxErrorsWithoutCodeAndWithoutRange() {
        List<Diagnostic> diagnostics = parser.parse("a.mo:7.1: syntax error, unexpected token '}'\n");
        assertThat(diagnostics)
                .containsExactly(new Diagnostic("a.mo", 7, 1, Severity.ERROR, null, "unexpected token '}'"));
    }

    @Test
    void keepsMessagesThatHaveNoPosition() {
        List<Diagnostic> diagnostics = parser.parse("moc: unknown option '--bogus'.\n");
        assertThat(diagnostics)
                .containsExactly(new Diagnostic(null, 0, 0, Severity.ERROR, null, "moc: unknown option '--bogus'."));
        assertThat(diagnostics.getFirst().format()).isEqualTo("moc: unknown option '--bogus'.");
    }

    @Test
    void emptyOutputHasNoDiagnostics() {
        assertThat(parser.parse("")).isEmpty();
    }
}
