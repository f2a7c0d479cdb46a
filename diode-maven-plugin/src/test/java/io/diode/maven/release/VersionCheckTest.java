package io.diode.maven.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.ic4j.candid.parser.IDLArgs;
import org.ic4j.candid.parser.IDLType;
import org.ic4j.candid.parser.IDLValue;
import org.ic4j.candid.types.Type;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.Test;

class VersionCheckTest {
    private final FakeReplicaGateway gateway = new FakeReplicaGateway();

    private Principal canister(String hash, long version) {
        Principal id = gateway.addCanister(Optional.ofNullable(hash));
        gateway.answer(
                id,
                "get_version",
                argument -> IDLArgs.create(
                                List.of(IDLValue.create(BigInteger.valueOf(version), IDLType.createType(Type.NAT))))
                        .toBytes());
        return id;
    }

    @Test
    void comparesCertifiedHashAndReportedVersion() throws ReleaseException {
        VersionCheck check = new VersionCheck(gateway);
        String hash = "ab".repeat(32);

        VersionCheckRow same = check.check("app", canister(hash, 3), hash, "3");
        VersionCheckRow otherVersion = check.check("app", canister(hash, 4), hash, "3");
        VersionCheckRow otherHash = check.check("app", canister("cd".repeat(32), 3), hash, "3");
        VersionCheckRow empty = check.check("app", canister(null, 3), hash, "3");

        assertThat(same.matches()).isTrue();
        assertThat(otherVersion.matches()).isFalse();
        assertThat(otherVersion.hashMatches()).isTrue();
        assertThat(otherHash.hashMatches()).isFalse();
        assertThat(empty.actualVersion()).isEqualTo("(no code)");
        List<String> table = VersionCheck.table(List.of(same, otherVersion, otherHash, empty))
                .lines();
        assertThat(table.get(0)).startsWith("canister  id");
        assertThat(table.get(2)).endsWith("OK");
        assertThat(table.get(3)).endsWith("MISMATCH (version)");
        assertThat(table.get(4)).endsWith("MISMATCH (hash)");
        assertThat(table.get(5)).contains("(none)").endsWith("MISMATCH (hash, version)");
    }

    @Test
    void aStaleIdIsTheReplicasNotFoundNotNoCode() {
        Principal unknown = Principal.fromString("rrkah-fqaaa-aaaaa-aaaaq-cai");

        assertThatThrownBy(() -> new VersionCheck(gateway).check("app", unknown, "ab".repeat(32), "1"))
                .isInstanceOfSatisfying(
                        CanisterCallException.class,
                        rejected -> assertThat(CanisterIds.isNotFound(rejected)).isTrue());
    }

    @Test
    void aRejectedGetVersionIsAMismatchNotACrash() throws ReleaseException {
        Principal id = gateway.addCanister(Optional.of("ab".repeat(32)));

        VersionCheckRow row = new VersionCheck(gateway).check("app", id, "ab".repeat(32), "1");

        assertThat(row.matches()).isFalse();
        assertThat(row.actualVersion()).isEqualTo("(get_version rejected: reject code 3)");
    }

    @Test
    void withoutAConfiguredVersionOnlyTheHashIsCompared() throws ReleaseException {
        // A new user's canister: no <version>, and no get_version method at all.
        String hash = "ab".repeat(32);
        Principal id = gateway.addCanister(Optional.of(hash));

        VersionCheckRow row = new VersionCheck(gateway).check("app", id, hash, null);
        VersionCheckRow otherHash = new VersionCheck(gateway).check("app", id, "cd".repeat(32), null);

        assertThat(row.matches()).isTrue();
        assertThat(row.actualVersion()).isEqualTo("(not checked)");
        assertThat(otherHash.matches()).isFalse();
        assertThat(VersionCheck.table(List.of(row)).lines().get(2))
                .contains("(not set)")
                .endsWith("OK");
    }
}
