package io.diode.maven.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidEncoder;
import io.diode.candid.CandidInterface;
import io.diode.candid.DidFile;
import io.diode.candid.Principal;
import io.diode.maven.build.CanisterBuildException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generates Java from a .did, compiles it with javac, and calls the generated types through the codec. */
class JavaActorGeneratorTest {

    private static final String DID = """
            type RoomId = nat64;
            type room_info = record {
              id : RoomId;
              "display name" : text;
              members : vec principal;
              avatar : opt blob;
              status : variant { open; closed : record { reason : text; at : int }; archived : nat };
              colour : variant { red; green; blue };
              position : record { float64; float64 };
            };
            type Result = variant { ok : room_info; err : text };
            type Tree = variant { leaf : int; node : record { left : Tree; right : Tree } };
            type List = opt record { head : nat; tail : List };
            type Audit = record { by : principal; note : text };
            service : (record { owner : principal }) -> {
              get_room : (id : RoomId) -> (opt room_info) query;
              put_room : (room_info) -> (Result);
              sum : (Tree, List) -> (int, nat32) query;
              "class" : () -> ();
            }
            """;

    @TempDir
    Path temp;

    private ClassLoader compile(String source, String qualifiedName) throws Exception {
        Path file = temp.resolve("src/" + qualifiedName.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        int status = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        "-classpath",
                        System.getProperty("java.class.path"),
                        "-Xlint:all",
                        "-Werror",
                        file.toString());
        assertThat(status).as("javac of:\n%s", source).isZero();
        return new URLClassLoader(
                new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void generatedSourcesCompileAndFollowJavaConventions() throws Exception {
        String source = JavaActorGenerator.generate(DID, "com.example.zone", "ZoneActor");
        ClassLoader loader = compile(source, "com.example.zone.ZoneActor");
        Class<?> actor = loader.loadClass("com.example.zone.ZoneActor");
        assertThat(Arrays.stream(actor.getDeclaredMethods()).map(Method::getName))
                .containsExactlyInAnyOrder("getRoom", "putRoom", "sum", "class_");
        Method getRoom = actor.getMethod("getRoom", long.class);
        assertThat(getRoom.getGenericReturnType().getTypeName())
                .isEqualTo("java.util.Optional<com.example.zone.ZoneActor$RoomInfo>");
        Class<?> room = loader.loadClass("com.example.zone.ZoneActor$RoomInfo");
        assertThat(Arrays.stream(room.getRecordComponents()).map(RecordComponent::getName))
                .containsExactlyInAnyOrder("id", "displayName", "members", "avatar", "status", "colour", "position");
        assertThat(loader.loadClass("com.example.zone.ZoneActor$RoomInfoColour").isEnum())
                .isTrue();
        assertThat(loader.loadClass("com.example.zone.ZoneActor$RoomInfoStatus").isSealed())
                .isTrue();
        assertThat(loader.loadClass("com.example.zone.ZoneActor$Audit").isRecord())
                .as("a named type no method uses is generated too")
                .isTrue();
        assertThat(source).contains("Init arguments (in this order): {@code ZoneActor.InitArgs}");
        assertThat(source)
                .contains("@CandidName(\"display name\") String displayName")
                .contains("@CandidMethod(\"get_room\")")
                .contains("java.util.Optional<byte[]> avatar")
                .contains("java.util.List<io.diode.candid.Principal> members");
    }

    @Test
    void generatedTypesRoundTripThroughTheCodec() throws Exception {
        ClassLoader loader = compile(JavaActorGenerator.generate(DID, "", "ZoneActor"), "ZoneActor");
        Class<?> actor = loader.loadClass("ZoneActor");
        CandidInterface service = CandidInterface.of(actor);
        Class<?> room = loader.loadClass("ZoneActor$RoomInfo");
        Class<?> closed = loader.loadClass("ZoneActor$RoomInfoStatus$Closed");
        Class<?> position = loader.loadClass("ZoneActor$RoomInfoPosition");
        Object blue = loader.loadClass("ZoneActor$RoomInfoColour").getEnumConstants()[2];
        Object value = room.getDeclaredConstructors()[0].newInstance(
                7L,
                "Lobby",
                List.of(Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai")),
                Optional.of(new byte[] {1, 2}),
                closed.getDeclaredConstructors()[0].newInstance("spam", BigInteger.valueOf(-5)),
                blue,
                position.getDeclaredConstructors()[0].newInstance(1.5, -2.0));

        Method putRoom = Arrays.stream(actor.getMethods())
                .filter(m -> m.getName().equals("putRoom"))
                .findFirst()
                .orElseThrow();
        byte[] arguments = service.encodeArguments(putRoom, new Object[] {value});
        // what the canister sees: the Candid record under its Candid names
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) CandidDecoder.decode(
                        arguments, service.did().method("put_room").func().arguments())
                .getFirst();
        assertThat(decoded).containsEntry("display name", "Lobby").containsEntry("id", 7L);
        assertThat(decoded.get("status").toString()).contains("closed").contains("spam");

        // a reply from the canister comes back as the generated Java types
        byte[] reply = CandidEncoder.encode(
                service.did().method("put_room").func().results(),
                List.of(new io.diode.candid.VariantValue("ok", decoded)));
        Object result = service.decodeReply(putRoom, reply);
        assertThat(result.getClass().getName()).isEqualTo("ZoneActor$Result$Ok");
        Object roundTripped =
                result.getClass().getRecordComponents()[0].getAccessor().invoke(result);
        assertThat(roundTripped.toString())
                .isEqualTo(value.toString()
                        .replaceAll(
                                "\\[B@[0-9a-f]+",
                                roundTripped.toString().replaceAll("(?s).*(\\[B@[0-9a-f]+).*", "$1")));
        assertThat(roundTripped.getClass()).isEqualTo(room);

        // init arguments from the generated type
        Class<?> init = loader.loadClass("ZoneActor$InitArgs");
        Object owner = init.getDeclaredConstructors()[0].newInstance(Principal.anonymous());
        assertThat(CandidDecoder.decode(
                        service.encodeInitArguments(owner), service.did().initArguments()))
                .containsExactly(Map.of("owner", Principal.anonymous()));

        // two results come back as a record of both
        Method sum = Arrays.stream(actor.getMethods())
                .filter(m -> m.getName().equals("sum"))
                .findFirst()
                .orElseThrow();
        byte[] sumReply =
                CandidEncoder.encode(service.did().method("sum").func().results(), List.of(BigInteger.TEN, 3));
        assertThat(service.decodeReply(sum, sumReply).toString()).isEqualTo("SumResult[item0=10, item1=3]");

        // recursive types: a tree and a list built from generated classes
        Class<?> leaf = loader.loadClass("ZoneActor$Tree$Leaf");
        Class<?> node = loader.loadClass("ZoneActor$Tree$Node");
        Object tree = node.getDeclaredConstructors()[0].newInstance(
                leaf.getDeclaredConstructors()[0].newInstance(BigInteger.ONE),
                leaf.getDeclaredConstructors()[0].newInstance(BigInteger.TWO));
        Class<?> item = loader.loadClass("ZoneActor$List");
        Object list = Optional.of(item.getDeclaredConstructors()[0].newInstance(BigInteger.ONE, Optional.empty()));
        byte[] sumArguments = service.encodeArguments(sum, new Object[] {tree, list});
        assertThat(CandidDecoder.decode(
                                sumArguments, service.did().method("sum").func().arguments())
                        .toString())
                .isEqualTo("[VariantValue[label=node, value={left=VariantValue[label=leaf, value=1], "
                        + "right=VariantValue[label=leaf, value=2]}], Optional[{head=1, tail=Optional.empty}]]");
    }

    @Test
    void namedTypesKeepTheirNamesWhenAnAnonymousTypeWouldTakeThem() throws Exception {
        String source = JavaActorGenerator.generate("""
                type get_result = variant { x; y };
                type GetResult = record { b : text };
                service : { get : () -> (record { a : nat }) query; put : (GetResult) -> () }
                """, "", "ClashActor");
        compile(source, "ClashActor");
        assertThat(source)
                .contains("enum GetResult {")
                .contains("record GetResult2(")
                .contains("record GetResult3(")
                .contains("void put(ClashActor.GetResult2 arg0)");
    }

    @Test
    void aDidWithoutAServiceOrWithAnErrorGetsAClearMessage() throws Exception {
        assertThatThrownBy(() -> JavaActorGenerator.generate("type A = nat;", "p", "AActor"))
                .hasMessageContaining("declares no service");
        Path did = temp.resolve("broken.did");
        Files.writeString(did, "service : { f : (nat) -> (Missing) }");
        ActorSourceWriter writer = new ActorSourceWriter(temp.resolve("out"), "p");
        assertThatThrownBy(() -> writer.write(List.of(new ActorSourceWriter.Source("broken", did))))
                .isInstanceOf(CanisterBuildException.class)
                .hasMessageContaining("Cannot generate BrokenActor from")
                .hasMessageContaining("Missing is used but never defined");
        assertThatThrownBy(() -> new ActorSourceWriter(temp, "not-a.package"))
                .hasMessageContaining("is not a Java package name");
    }

    @Test
    void aBuildGeneratesAnActorPerManifestCanisterAndExtraDidFile() throws Exception {
        Path canisters = Files.createDirectories(temp.resolve("canisters"));
        Files.writeString(canisters.resolve("zone_manager.did"), DID);
        Path ledger = temp.resolve("ledger.did");
        Files.writeString(ledger, "service : { balance : (principal) -> (nat) query }");
        var manifest = new io.diode.maven.build.CanisterManifest(
                1,
                "test",
                List.of(new io.diode.maven.build.ManifestEntry(
                        "zone_manager",
                        "1",
                        "zone_manager.wasm",
                        1,
                        "00",
                        new io.diode.maven.build.ModuleFile("zone_manager.wasm", 1, "00"),
                        "zone_manager.did")));
        ActorSourceWriter.Generated generated = ActorSourceWriter.generateForBuild(
                manifest,
                canisters,
                List.of(ledger),
                temp.resolve("target"),
                "test",
                ActorSourceWriter.defaultPackage("com.my-org"));
        assertThat(generated.mainSources()).isFalse();
        assertThat(generated.sourceRoot()).isEqualTo(temp.resolve("target/generated-test-sources/diode"));
        assertThat(generated.files())
                .containsExactly(
                        generated.sourceRoot().resolve("com/my_org/canisters/ZoneManagerActor.java"),
                        generated.sourceRoot().resolve("com/my_org/canisters/LedgerActor.java"));
        assertThat(ActorSourceWriter.generateForBuild(
                                manifest, canisters, List.of(), temp.resolve("target"), "main", "p")
                        .sourceRoot())
                .isEqualTo(temp.resolve("target/generated-sources/diode"));
        assertThatThrownBy(() -> ActorSourceWriter.generateForBuild(manifest, canisters, List.of(), temp, "both", "p"))
                .isInstanceOf(CanisterBuildException.class)
                .hasMessageContaining("must be \"test\" or \"main\"");
        assertThatThrownBy(() -> ActorSourceWriter.generateForBuild(
                        manifest, canisters, List.of(temp.resolve("no.did")), temp, "test", "p"))
                .hasMessageContaining("does not exist; check diode.candidFiles");
    }

    @Test
    void unchangedSourcesAreNotRewritten() throws Exception {
        Path did = temp.resolve("zone.did");
        Files.writeString(did, DID);
        ActorSourceWriter writer = new ActorSourceWriter(temp.resolve("out"), "com.example");
        Path file =
                writer.write(List.of(new ActorSourceWriter.Source("zone", did))).getFirst();
        assertThat(file).endsWith(Path.of("com/example/ZoneActor.java"));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
        writer.write(List.of(new ActorSourceWriter.Source("zone", did)));
        assertThat(Files.getLastModifiedTime(file).toMillis()).isZero();
        assertThat(DidFile.parse(DID).service().methods()).hasSize(4);
    }
}
