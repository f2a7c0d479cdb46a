package io.diode.maven.mojo;

import io.diode.maven.build.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** Sends the build's progress to Maven's log. */
final class MavenBuildLog implements BuildLog {
    private final Log log;

    MavenBuildLog(Log log) {
        this.log = log;
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void error(String message) {
        log.error(message);
    }
}
