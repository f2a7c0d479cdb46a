package io.diode.maven.build;

import java.util.ArrayList;
import java.util.List;

/** A BuildLog, shared by the build and release tests, that keeps every line, prefixed with its level, for assertions. */
public final class RecordingLog implements BuildLog {
    public final List<String> lines = new ArrayList<>();

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void error(String message) {
        lines.add("ERROR " + message);
    }

    public String text() {
        return String.join("\n", lines);
    }
}
