package io.diode.candid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DidParserTest {

    @Test
    void readsTypesServiceInitArgumentsAndArgumentNames() {
        DidFile did = DidFile.parse("""
                // a zone
                type Room = record { id : nat; "display name" : text; members : vec principal; "0x" : opt blob };
                type Result = variant { ok : Room; err : text; pending };
                /* block
                   comment */
                service zone : (record { owner : principal }) -> {
                  get : (key : text) -> (opt Room) query;
                  put : (text, Room) -> (Result);
                  "odd name" : () -> () oneway;
                  compose : () -> (nat) composite_query;
                  callback : (func (nat) -> ()) -> ();
                }
                """);
        assertThat(did.types()).containsOnlyKeys("Room", "Result");
        assertThat(did.types().get("Room").resolve().toString())
                .isEqualTo("record { \"0x\" : opt blob; id : nat; members : vec principal; \"display name\" : text }");
        assertThat(did.types().get("Result").resolve().toString())
                .isEqualTo("variant { ok : Room; err : text; pending }");
        assertThat(did.initArguments()).hasSize(1);
        assertThat(did.service().methods())
                .extracting(IdlType.Method::name)
                .containsExactly("callback", "compose", "get", "odd name", "put");
        IdlType.Func get = did.method("get").func();
        assertThat(get.isQuery()).isTrue();
        assertThat(get.signature()).isEqualTo("(text) -> (opt Room) query");
        assertThat(did.argumentName(get, 0)).isEqualTo("key");
        assertThat(did.method("odd name").func().isOneway()).isTrue();
        assertThat(did.method("compose").func().isQuery()).isTrue();
    }

    @Test
    void tuplesNumberTheirFields() {
        DidFile did = DidFile.parse("type P = record { text; nat; 7 : bool; int };");
        IdlType.Record record = (IdlType.Record) did.types().get("P").resolve();
        assertThat(record.fields()).extracting(f -> f.label().id()).containsExactly(0L, 1L, 7L, 8L);
    }

    @Test
    void quotedNamesTakeEscapes() {
        DidFile did =
                DidFile.parse("type R = record { \"caf\\c3\\a9\" : nat; \"tab\\there\" : nat; \"\\u{2603}\" : nat };");
        assertThat(((IdlType.Record) did.types().get("R").resolve()).fields())
                .extracting(f -> f.label().name())
                .containsExactlyInAnyOrder("café", "tab\there", "\u2603");
    }

    @Test
    void aServiceMayBeNamedByAType() {
        DidFile did = DidFile.parse("service : Api; type Api = service { ping : () -> () };");
        assertThat(did.service().methods()).extracting(IdlType.Method::name).containsExactly("ping");
    }

    @Test
    void errorsSayWhereAndWhat() {
        assertThatThrownBy(() -> DidFile.parse("type A = record { a : nat;\n b : Missing };"))
                .hasMessageContaining("type Missing is used but never defined");
        assertThatThrownBy(() -> DidFile.parse("type A = record { a nat };")).hasMessageContaining("line 1, column");
        assertThatThrownBy(() -> DidFile.parse("import \"other.did\";"))
                .hasMessageContaining("import is not supported");
        assertThatThrownBy(() -> DidFile.parse("type A = B; type B = A;")).hasMessageContaining("is defined as itself");
        assertThatThrownBy(() -> DidFile.parse("type A = nat; type A = int;"))
                .hasMessageContaining("type A is defined twice");
    }
}
