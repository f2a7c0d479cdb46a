package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanisterIdFileTest {
    private static final Principal FACTORY_LOCAL = Principal.fromString("bkyz2-fmaaa-aaaaa-qaaaq-cai");
    private static final Principal FACTORY_IC = Principal.fromString("rrkah-fqaaa-aaaaa-aaaaq-cai");

    @TempDir
    Path directory;

    @Test
    void missingFileKnowsNoCanister() throws ReleaseException {
        assertThat(new CanisterIdFile(directory.resolve("canister_ids.json")).find("factory", "local"))
                .isEmpty();
    }

    @Test
    void recordKeepsEveryOtherEntryAndWritesDfxFormat() throws Exception {
        Path file = directory.resolve("canister_ids.json");
        Files.writeString(
                file, "{ \"factory\": { \"ic\": \"" + FACTORY_IC + "\" }, \"other\": { \"local\": \"aaaaa-aa\" } }");
        CanisterIdFile ids = new CanisterIdFile(file);

        ids.record("factory", "local", FACTORY_LOCAL);

        assertThat(ids.find("factory", "local")).contains(FACTORY_LOCAL);
        assertThat(ids.find("factory", "ic")).contains(FACTORY_IC);
        assertThat(ids.find("other", "local")).contains(Principal.fromString("aaaaa-aa"));
        assertThat(Files.readString(file))
                .contains("\"factory\" : {")
                .contains("\"local\" : \"" + FACTORY_LOCAL + "\"");
        try (var files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("canister_ids.json");
        }
    }

    @Test
    void malformedFileIsAClearErrorAndIsNotOverwritten() throws Exception {
        Path file = directory.resolve("canister_ids.json");
        Files.writeString(file, "[1, 2");
        CanisterIdFile ids = new CanisterIdFile(file);

        assertThatThrownBy(() -> ids.record("factory", "local", FACTORY_LOCAL))
                .isInstanceOf(ReleaseException.class)
                .hasMessageContaining("is not of the form { \"<canister>\": { \"<network>\": \"<canister id>\" } }");
        assertThat(Files.readString(file)).isEqualTo("[1, 2");
    }

    @Test
    void invalidPrincipalNamesTheEntry() throws Exception {
        Path file = directory.resolve("canister_ids.json");
        Files.writeString(file, "{ \"factory\": { \"local\": \"not-a-principal\" } }");

        assertThatThrownBy(() -> new CanisterIdFile(file).find("factory", "local"))
                .hasMessageContaining("'not-a-principal' in entry factory.local of");
    }
}
