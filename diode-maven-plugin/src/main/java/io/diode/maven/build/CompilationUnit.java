package io.diode.maven.build;

import java.nio.file.Path;
import java.util.List;

/** One compiler run: the main file, all flags for it, and where the WASM and Candid go. */
public record CompilationUnit(String name, Path main, List<String> flags, Path wasmOutput, Path candidOutput) {
    public CompilationUnit {
        flags = List.copyOf(flags);
    }
}
