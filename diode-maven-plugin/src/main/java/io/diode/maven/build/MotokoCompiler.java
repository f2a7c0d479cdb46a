package io.diode.maven.build;

import java.io.IOException;
import java.util.List;

/** A way to run the Motoko compiler: the native {@code moc} binary or the npm package on Node. */
public interface MotokoCompiler {

    /** For the log: which compiler, which version, where. */
    String description();

    /** Short and machine-independent, for the manifest: "npm motoko 4.10.0" or moc's version line. */
    String label();

    /** Changes whenever the compiler's output could change; part of the up-to-date fingerprint. */
    String identity();

    /** Compiles every unit (continuing past failures so all errors show at once). */
    List<CompilationOutcome> compile(CompilationRequest request) throws IOException, CanisterBuildException;
}
