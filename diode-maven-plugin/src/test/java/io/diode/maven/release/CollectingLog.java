package io.diode.maven.release;

import io.diode.maven.build.BuildLog;
import java.util.ArrayList;
import java.util.List;

/** Keeps every log line, prefixed with its level, for assertions. */
final class CollectingLog implements BuildLog {
    final List<String> lines = new ArrayList<>();

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

    String text() {
        return String.join("\n", lines);
    }
}
