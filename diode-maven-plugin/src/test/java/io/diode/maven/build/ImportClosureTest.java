package io.diode.maven.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportClosureTest {
    @TempDir
    Path root;

    @Test
    void findsEveryImportForm() {
        assertThat(ImportClosure.importsOf("""
                import Nat "mo:core/Nat";
                import { twice; thrice = three } "../shared/Math";
                import Key = "blob:file:keys/id.pub";
                import Prim "mo:⛔";
                // import Old "Old";
                /* import Gone "Gone"; /* nested */ still comment */
                persistent actor { let quote = '"'; let s = "a // b"; };
                import Late "Late";
                """))
                .containsExactly("mo:core/Nat", "../shared/Math", "blob:file:keys/id.pub", "mo:⛔", "Late");
    }

    @Test
    void followsRelativePackageAndLibImportsTransitively() throws Exception {
        Path src = Files.createDirectories(root.resolve("src"));
        Path vendor = Files.createDirectories(root.resolve("vendor"));
        Files.createDirectories(src.resolve("app"));
        Files.createDirectories(src.resolve("shared/Util"));
        Files.writeString(src.resolve("app/Main.mo"), """
                import Nat "mo:core/Nat";
                import Util "../shared/Util";
                import V "mo:vendor/Text";
                actor {}
                """);
        Files.writeString(src.resolve("shared/Util/lib.mo"), "import H \"Helper\"; module {}");
        Files.writeString(src.resolve("shared/Util/Helper.mo"), "module {}");
        Files.writeString(src.resolve("shared/Unrelated.mo"), "module {}");
        Files.writeString(vendor.resolve("Text.mo"), "import Main \"../src/app/Main\"; module {}");

        ImportClosure closure =
                ImportClosure.of(src.resolve("app/Main.mo"), src, List.of(new PackageAlias("vendor", vendor)));

        assertThat(closure.files())
                .containsOnlyKeys("app/Main.mo", "shared/Util/lib.mo", "shared/Util/Helper.mo", "mo:vendor/Text.mo");
        String before = closure.digest();
        Files.writeString(src.resolve("shared/Unrelated.mo"), "module { public let x = 1 }");
        assertThat(ImportClosure.of(src.resolve("app/Main.mo"), src, List.of(new PackageAlias("vendor", vendor)))
                        .digest())
                .isEqualTo(before);
        Files.writeString(src.resolve("shared/Util/Helper.mo"), "module { public let x = 1 }");
        assertThat(ImportClosure.of(src.resolve("app/Main.mo"), src, List.of(new PackageAlias("vendor", vendor)))
                        .digest())
                .isNotEqualTo(before);
    }

    @Test
    void aMissingImportIsRecordedSoItsArrivalIsAChange() throws Exception {
        Files.writeString(root.resolve("Main.mo"), "import X \"X\"; actor {}");
        ImportClosure closure = ImportClosure.of(root.resolve("Main.mo"), root, List.of());
        assertThat(closure.files()).containsEntry("X.mo", "missing");
    }
}
