package io.diode.maven.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NpmDiagnosticParserTest {

    @Test
    void convertsZeroBasedPositionsAndSeverities() throws Exception {
        // Verbatim shape of what motoko@4.10.0's compileWasm returns (captured from a real run).
        String json = """
                [{"source":"/p/src/Bad.mo","severity":1,"range":{"start":{"line":2,"character":18},
                  "end":{"line":2,"character":21}},"code":"M0050","category":"type",
                  "message":"literal of type\\n  Text\\ndoes not have expected type\\n  Nat"},
                 {"source":"/p/src/Main.mo","severity":2,"range":{"start":{"line":3,"character":44},
                  "end":{"line":3,"character":50}},"code":"M0194","category":"type",
                  "message":"unused identifier: `unused`"},
                 {"source":"/p/src/Main.mo","severity":3,"range":{"start":{"line":0,"character":0}},
                  "message":"note"}]
                """;

        var diagnostics = new NpmDiagnosticParser().parse(new ObjectMapper().readTree(json));

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
                                "/p/src/Main.mo", 4, 45, Severity.WARNING, "M0194", "unused identifier: `unused`"),
                        new Diagnostic("/p/src/Main.mo", 1, 1, Severity.INFO, null, "note"));
    }

    @Test
    void missingOrMalformedListGivesNoDiagnostics() throws Exception {
        var parser = new NpmDiagnosticParser();
        assertThat(parser.parse(null)).isEmpty();
        assertThat(parser.parse(new ObjectMapper().readTree("{\"x\":1}"))).isEmpty();
    }
}
