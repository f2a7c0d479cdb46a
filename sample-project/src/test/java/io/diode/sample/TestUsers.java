package io.diode.sample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.ic4j.types.Principal;

/**
 * Principals for test callers. PocketIC accepts any sender on its REST API, so no keys are needed: a name becomes
 * a self-authenticating-shaped principal (28 hash bytes + the 0x02 class byte), stable across runs.
 */
final class TestUsers {

    private TestUsers() {
    }

    static Principal user(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            byte[] id = Arrays.copyOf(digest, 29);
            id[28] = 0x02;
            return Principal.from(id);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
