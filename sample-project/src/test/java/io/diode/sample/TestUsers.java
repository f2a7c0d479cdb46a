package io.diode.sample;

import io.diode.ic.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ic4j.types.Principal;

/**
 * Principals for test callers. PocketIC accepts any sender on its REST API, so no keys are needed: a name becomes
 * a self-authenticating-shaped principal (28 hash bytes + the 0x02 class byte), stable across runs.
 */
final class TestUsers {

    private TestUsers() {}

    static Principal user(String name) {
        byte[] id = Arrays.copyOf(Sha256.of(name.getBytes(StandardCharsets.UTF_8)), 29);
        id[28] = 0x02;
        return Principal.from(id);
    }
}
