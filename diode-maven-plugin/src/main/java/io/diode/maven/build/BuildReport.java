package io.diode.maven.build;

import java.util.List;

/** Which canisters a build compiled and which it found up to date, plus the manifest it left. */
public record BuildReport(List<String> compiled, List<String> upToDate, CanisterManifest manifest) {
    public BuildReport {
        compiled = List.copyOf(compiled);
        upToDate = List.copyOf(upToDate);
    }
}
