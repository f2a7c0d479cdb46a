package com.example.rooms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.example.canisters.RoomsActor;
import io.diode.candid.CandidDecoder;
import io.diode.candid.CandidEncoder;
import io.diode.candid.CandidInterface;
import io.diode.candid.Principal;
import io.diode.candid.VariantValue;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Uses the actor diode:build generated from the compiled canister's Candid interface: typed values, no casts. */
class RoomsActorTest {

    private final CandidInterface rooms = CandidInterface.of(RoomsActor.class);

    private static Method method(String name) throws NoSuchMethodException {
        for (Method method : RoomsActor.class.getMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new NoSuchMethodException(name);
    }

    @Test
    void aRoomIsSentUnderItsCandidNames() throws Exception {
        // the constructor follows the .did, where moc writes fields in alphabetical order
        RoomsActor.Room room = new RoomsActor.Room((short) 12, new byte[] {1, 2, 3}, "lobby", List.of("a", "b"),
                Optional.of("welcome"),
                new RoomsActor.Visibility.Invite(List.of(Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai"))));
        byte[] arguments = rooms.encodeArguments(method("put"), new Object[] {room});

        Object candid = CandidDecoder.decode(arguments, rooms.did().method("put").func().arguments()).get(0);
        Map<?, ?> record = (Map<?, ?>) candid;
        assertEquals("lobby", record.get("name"));
        assertEquals(Optional.of("welcome"), record.get("topic"));
        assertEquals("invite", ((VariantValue) record.get("visibility")).label());
    }

    @Test
    void repliesComeBackAsGeneratedTypes() throws Exception {
        byte[] error = CandidEncoder.encode(rooms.did().method("put").func().results(),
                List.of(new VariantValue("err", new VariantValue("invalid", "capacity must be positive"))));
        RoomsActor.PutResult result = (RoomsActor.PutResult) rooms.decodeReply(method("put"), error);
        RoomsActor.PutResult.Err err = assertInstanceOf(RoomsActor.PutResult.Err.class, result);
        assertEquals(new RoomsActor.PutError.Invalid("capacity must be positive"), err.value());

        byte[] ok = CandidEncoder.encode(rooms.did().method("put").func().results(),
                List.of(new VariantValue("ok", BigInteger.TWO)));
        assertEquals(new RoomsActor.PutResult.Ok(BigInteger.TWO), rooms.decodeReply(method("put"), ok));

        RoomsActor.Room closed = new RoomsActor.Room((short) 1, new byte[0], "attic", List.of(), Optional.empty(),
                new RoomsActor.Visibility.Closed("damp", BigInteger.valueOf(-1)));
        byte[] latest = CandidEncoder.encode(rooms.did().method("latest").func().results(),
                List.of(Optional.of(io.diode.candid.JavaMapping.toCandid(
                        rooms.did().types().get("Room"), closed))));
        @SuppressWarnings("unchecked")
        Optional<RoomsActor.Room> decoded = (Optional<RoomsActor.Room>) rooms.decodeReply(method("latest"), latest);
        assertEquals("attic", decoded.orElseThrow().name());
        assertEquals(new RoomsActor.Visibility.Closed("damp", BigInteger.valueOf(-1)), decoded.get().visibility());
        assertArrayEquals(new byte[0], decoded.get().logo());
    }

    @Test
    void queriesAndUpdatesAreTold() throws Exception {
        assertEquals(true, rooms.binding(method("latest")).isQuery());
        assertEquals(false, rooms.binding(method("put")).isQuery());
        assertEquals(RoomsActor.Visibility.Open.class, new RoomsActor.Visibility.Open().getClass());
    }
}
