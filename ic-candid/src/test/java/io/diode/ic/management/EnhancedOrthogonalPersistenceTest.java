package io.diode.ic.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EnhancedOrthogonalPersistenceTest {

    /** A module with one custom section of this name after a type section. */
    static byte[] moduleWithCustomSection(String name) {
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        module.writeBytes(new byte[] {1, 1, 0}); // an empty type section
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        module.write(0);
        module.write(nameBytes.length + 1 + 2);
        module.write(nameBytes.length);
        module.writeBytes(nameBytes);
        module.writeBytes(new byte[] {'o', 'k'});
        return module.toByteArray();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void eitherSectionNameDeclaresIt() {
        assertThat(EnhancedOrthogonalPersistence.isDeclaredBy(
                        moduleWithCustomSection("icp:private enhanced-orthogonal-persistence")))
                .isTrue();
        assertThat(EnhancedOrthogonalPersistence.isDeclaredBy(
                        moduleWithCustomSection("icp:public enhanced-orthogonal-persistence")))
                .isTrue();
        assertThat(EnhancedOrthogonalPersistence.isDeclaredBy(moduleWithCustomSection("icp:private candid:service")))
                .isFalse();
    }

    @Test
    void aGzippedModuleIsReadInflated() throws IOException {
        assertThat(EnhancedOrthogonalPersistence.isDeclaredBy(
                        gzip(moduleWithCustomSection("icp:private enhanced-orthogonal-persistence"))))
                .isTrue();
        assertThat(EnhancedOrthogonalPersistence.isDeclaredBy(gzip(moduleWithCustomSection("name"))))
                .isFalse();
    }

    @Test
    void whatIsNotAReadableModuleIsNotEop() {
        byte[] eop = moduleWithCustomSection("icp:private enhanced-orthogonal-persistence");
        byte[] truncated = java.util.Arrays.copyOf(eop, eop.length - 3);
        assertThat(EnhancedOrthogonalPersistence.isDeclaredBy(truncated)).isFalse();
        assertThat(EnhancedOrthogonalPersistence.isDeclaredBy(new byte[] {0x1f, (byte) 0x8b, 1, 2}))
                .isFalse();
        assertThat(EnhancedOrthogonalPersistence.isDeclaredBy(new byte[] {1, 2, 3}))
                .isFalse();
    }
}
