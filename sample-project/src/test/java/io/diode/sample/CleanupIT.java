package io.diode.sample;

import static io.diode.sample.SampleZone.found;
import static io.diode.sample.SampleZone.messageIdsByKey;
import static io.diode.sample.SampleZone.recordBytes;
import static io.diode.sample.SampleZone.stored;
import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static io.diode.sample.TestMessages.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.candid.CandidInterface;
import io.diode.canisters.ZoneActor;
import io.diode.canisters.ZoneActor.AccessError;
import io.diode.canisters.ZoneActor.AddMessageError;
import io.diode.canisters.ZoneActor.AddMessageResult;
import io.diode.canisters.ZoneActor.AddedMessage;
import io.diode.canisters.ZoneActor.GetIdRangeResult;
import io.diode.canisters.ZoneActor.GetMessageByHashResult;
import io.diode.canisters.ZoneActor.GetMessageResult;
import io.diode.canisters.ZoneActor.ListMessagesByKeyResult;
import io.diode.canisters.ZoneActor.MemoryStats;
import io.diode.canisters.ZoneActor.Message;
import io.diode.canisters.ZoneActor.ReadError;
import io.diode.canisters.ZoneActor.StorageStats;
import io.diode.canisters.ZoneActor.Usage;
import io.diode.pocketic.client.PocketIc;
import io.diode.pocketic.client.Sender;
import io.diode.pocketic.junit.PocketIcTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, cleanup: a Zone with a small storage limit keeps usage within the limit by evicting its oldest messages
 * together with every index entry pointing at them, stores a ciphertext once, and rejects what can never fit.
 * One PocketIC instance serves the class; each test installs its own Zone.
 */
@PocketIcTest
class CleanupIT {

    private static final int CIPHERTEXT_BYTES = 100;
    /** Room for exactly three 100-byte messages (three 184-byte log records). */
    private static final int LIMIT = 3 * recordBytes(CIPHERTEXT_BYTES);

    private static final Principal ALICE = TestUsers.user("alice");
    private static final Principal BOB = TestUsers.user("bob");
    private static final GetMessageResult NOT_FOUND = new GetMessageResult.Err(new ReadError.NotFound());

    private static PocketIc pic;
    private static byte[] zoneWasm;

    @BeforeAll
    static void startInstance(PocketIc instance) {
        pic = instance;
        zoneWasm = CanisterManifestFile.readBuildOutput().wasm("zone");
    }

    @Test
    void fillingPastTheLimitEvictsTheOldestMessagesFromEveryIndex() {
        Zone zone = zoneWithMember();
        BigInteger allocatedBefore = zone.alice.getMemoryStats().allocatedBytes();
        List<Long> evictedInOrder = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            AddedMessage added = stored(zone.alice.addMessage(keyId(n % 2 + 1), ciphertext(n, CIPHERTEXT_BYTES)));
            assertThat(added.id()).isEqualTo(nat(n));
            assertThat(added.duplicate()).isFalse();
            evictedInOrder.addAll(longs(added.evictedIds()));
            assertThat(zone.alice.getUsage().usedBytes())
                    .as("usage after message %d", n)
                    .isLessThanOrEqualTo(nat(LIMIT));
        }

        assertThat(evictedInOrder).containsExactly(1L, 2L, 3L, 4L, 5L);
        MemoryStats runtime = zone.alice.getMemoryStats();
        assertThat(runtime.allocatedBytes().subtract(allocatedBefore))
                .as("the runtime counts what the 8 writes allocated")
                .isGreaterThan(nat(8L * CIPHERTEXT_BYTES));
        assertThat(runtime.memoryBytes()).isGreaterThanOrEqualTo(runtime.heapBytes());
        Usage usage = zone.alice.getUsage();
        assertThat(usage.usedBytes()).isEqualTo(nat(LIMIT));
        assertThat(usage.messageCount()).isEqualTo(nat(3));
        assertThat(usage.evictedCount()).isEqualTo(nat(5));
        StorageStats storage = zone.alice.getStorageStats();
        assertThat(storage.logBytes())
                .as("the log holds exactly the live records")
                .isEqualTo(nat(LIMIT));
        assertThat(storage.logCapacityBytes()).isEqualTo(nat(LIMIT));
        assertThat(storage.logMemoryBytes()).as("one stable-memory page").isEqualTo(nat(65_536));
        assertThat(storage.messageCount()).isEqualTo(nat(3));
        assertThat(storage.distinctKeys()).isEqualTo(nat(2));
        for (int gone = 1; gone <= 5; gone++) {
            assertThat(zone.alice.getMessage(nat(gone))).as("id %d", gone).isEqualTo(NOT_FOUND);
            assertThat(zone.alice.getMessageByHash(sha256(ciphertext(gone, CIPHERTEXT_BYTES))))
                    .as("hash of %d", gone)
                    .isEqualTo(new GetMessageByHashResult.Err(new ReadError.NotFound()));
        }
        assertThat(messageIdsByKey(zone.alice, keyId(1))).containsExactly(8L, 6L);
        assertThat(messageIdsByKey(zone.alice, keyId(2))).containsExactly(7L);
        assertThat(zone.alice.getIdRange())
                .isEqualTo(new GetIdRangeResult.Ok(Optional.of(nat(8)), Optional.of(nat(6))));

        Message newest = foundByHash(zone.alice.getMessageByHash(sha256(ciphertext(8, CIPHERTEXT_BYTES))));
        assertThat(newest.id()).isEqualTo(nat(8));
        assertThat(newest.keyId()).isEqualTo(keyId(1));
        assertThat(newest.ciphertext()).isEqualTo(ciphertext(8, CIPHERTEXT_BYTES));
        assertThat(found(zone.alice.getMessage(nat(8))).hash()).isEqualTo(sha256(ciphertext(8, CIPHERTEXT_BYTES)));
    }

    @Test
    void aBigMessageEvictsAsManyOfTheOldestAsItNeedsAndAKeyWithNothingLeftDisappears() {
        Zone zone = zoneWithMember();
        stored(zone.alice.addMessage(keyId(1), ciphertext(1, CIPHERTEXT_BYTES)));
        stored(zone.alice.addMessage(keyId(2), ciphertext(2, CIPHERTEXT_BYTES)));
        stored(zone.alice.addMessage(keyId(3), ciphertext(3, CIPHERTEXT_BYTES)));

        // A 288-byte ciphertext makes a 368-byte record, two 100-byte messages' worth: ids 1 and 2 go, oldest first.
        int bigBytes = 2 * recordBytes(CIPHERTEXT_BYTES) - SampleZone.MESSAGE_OVERHEAD_BYTES;
        AddedMessage big = stored(zone.alice.addMessage(keyId(4), ciphertext(4, bigBytes)));

        assertThat(longs(big.evictedIds())).containsExactly(1L, 2L);
        assertThat(messageIdsByKey(zone.alice, keyId(1))).isEmpty();
        assertThat(messageIdsByKey(zone.alice, keyId(2))).isEmpty();
        assertThat(messageIdsByKey(zone.alice, keyId(3))).containsExactly(3L);
        assertThat(zone.alice.getUsage().usedBytes()).isEqualTo(nat(LIMIT));
    }

    @Test
    void theSameCiphertextIsStoredOnceWhateverItsDestination() {
        Zone zone = zoneWithMember();
        AddedMessage first = stored(zone.alice.addMessage(keyId(1), ciphertext(1, CIPHERTEXT_BYTES)));
        Usage before = zone.alice.getUsage();

        AddedMessage again = stored(zone.alice.addMessage(keyId(2), ciphertext(1, CIPHERTEXT_BYTES)));

        assertThat(first.hash()).isEqualTo(sha256(ciphertext(1, CIPHERTEXT_BYTES)));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.duplicate()).isTrue();
        assertThat(again.hash()).isEqualTo(first.hash());
        assertThat(zone.alice.getUsage()).isEqualTo(before);
        assertThat(messageIdsByKey(zone.alice, keyId(2))).isEmpty();
    }

    @Test
    void aMessageLargerThanTheLimitAndMalformedMessagesAreRejectedWithNothingLost() {
        Zone zone = zoneWithMember();
        stored(zone.alice.addMessage(keyId(1), ciphertext(1, CIPHERTEXT_BYTES)));
        stored(zone.alice.addMessage(keyId(2), ciphertext(2, CIPHERTEXT_BYTES)));
        Usage before = zone.alice.getUsage();
        // The room after the header, rounded down to the record alignment: 472 bytes.
        int largest =
                (LIMIT - SampleZone.MESSAGE_OVERHEAD_BYTES) / SampleZone.RECORD_ALIGNMENT * SampleZone.RECORD_ALIGNMENT;
        assertThat(recordBytes(largest)).isEqualTo(LIMIT);

        assertThat(zone.alice.addMessage(keyId(3), ciphertext(3, largest + 1)))
                .isEqualTo(
                        new AddMessageResult.Err(new AddMessageError.MessageTooLarge(nat(largest + 1), nat(largest))));
        assertThat(zone.alice.addMessage(new byte[19], ciphertext(4, 10)))
                .isEqualTo(new AddMessageResult.Err(
                        new AddMessageError.InvalidKeyId(nat(19), nat(SampleZone.KEY_ID_BYTES))));
        assertThat(zone.alice.addMessage(keyId(3), new byte[0]))
                .isEqualTo(new AddMessageResult.Err(new AddMessageError.EmptyCiphertext()));
        assertThat(zone.alice.getUsage()).isEqualTo(before);
        assertThat(found(zone.alice.getMessage(nat(1))).ciphertext()).isEqualTo(ciphertext(1, CIPHERTEXT_BYTES));
        assertThat(found(zone.alice.getMessage(nat(2))).ciphertext()).isEqualTo(ciphertext(2, CIPHERTEXT_BYTES));

        // The largest message that fits at all takes the whole store.
        AddedMessage whole = stored(zone.alice.addMessage(keyId(3), ciphertext(5, largest)));
        assertThat(longs(whole.evictedIds())).containsExactly(1L, 2L);
        assertThat(zone.alice.getUsage().usedBytes()).isEqualTo(nat(LIMIT));
    }

    /**
     * The log is a ring in stable memory: many passes over it, with records split at its end, keep every live message
     * intact and the usage equal to the live records' bytes.
     */
    @Test
    void theLogWrapsAroundInStableMemoryAndKeepsEveryLiveMessageIntact() {
        Zone zone = zoneWithMember();
        List<byte[]> stored = new ArrayList<>();
        long oldestLive = 1;
        for (int n = 1; n <= 24; n++) {
            int size = 1 + (n * 97) % 400;
            byte[] ciphertext = ciphertext(n, size);
            AddedMessage added = stored(zone.alice.addMessage(keyId(n % 3 + 1), ciphertext));
            stored.add(ciphertext);
            assertThat(added.id()).isEqualTo(nat(n));
            List<Long> evicted = longs(added.evictedIds());
            if (!evicted.isEmpty()) {
                assertThat(evicted.getFirst()).isEqualTo(oldestLive);
                oldestLive = evicted.getLast() + 1;
            }
            assertLiveMessagesIntact(zone.alice, stored, oldestLive);
        }
        assertThat(zone.alice.getUsage().evictedCount())
                .as("the ring was passed several times")
                .isGreaterThan(nat(10));
        assertThat(zone.alice.getStorageStats().logMemoryBytes()).isEqualTo(nat(65_536));
    }

    /**
     * A storage-limit change on upgrade: a higher limit grows the ring of a wrapped log (its older part moves to the
     * new end of the region) and every message stays readable; a lower limit evicts the oldest down to it.
     */
    @Test
    void aLimitChangeOnUpgradeKeepsTheLogConsistent() {
        Zone zone = zoneWithMember();
        List<byte[]> stored = new ArrayList<>();
        for (int n = 1; n <= 9; n++) {
            stored.add(ciphertext(n, 60 + n * 13));
            stored(zone.alice.addMessage(keyId(n % 2 + 1), stored.getLast()));
        }
        if (!(zone.alice.getIdRange()
                instanceof GetIdRangeResult.Ok(Optional<BigInteger> max, Optional<BigInteger> min))) {
            throw new AssertionError("get_id_range refused ALICE");
        }
        long oldestLive = min.orElseThrow().longValueExact();
        assertThat(zone.alice.getUsage().evictedCount())
                .as("the log has wrapped")
                .isPositive();

        pic.upgradeCanister(zone.id, zoneWasm, initArguments(4L * LIMIT));
        assertThat(zone.alice.getStorageStats().logCapacityBytes()).isEqualTo(nat(4L * LIMIT));
        assertLiveMessagesIntact(zone.alice, stored, oldestLive);
        for (int n = 10; n <= 20; n++) {
            stored.add(ciphertext(n, 60 + n * 13));
            List<Long> evicted = longs(stored(zone.alice.addMessage(keyId(n % 2 + 1), stored.getLast()))
                    .evictedIds());
            if (!evicted.isEmpty()) {
                oldestLive = evicted.getLast() + 1;
            }
            assertLiveMessagesIntact(zone.alice, stored, oldestLive);
        }

        pic.upgradeCanister(zone.id, zoneWasm, initArguments(LIMIT));
        Usage usage = zone.alice.getUsage();
        assertThat(usage.usedBytes()).isLessThanOrEqualTo(nat(LIMIT));
        assertThat(usage.limitBytes()).isEqualTo(nat(LIMIT));
        assertThat(zone.alice.getStorageStats().logCapacityBytes())
                .as("the ring keeps its size")
                .isEqualTo(nat(4L * LIMIT));
        long live = usage.messageCount().longValueExact();
        assertLiveMessagesIntact(zone.alice, stored, 20 - live + 1);
        assertThat(zone.alice.getMessage(nat(20 - live))).isEqualTo(NOT_FOUND);
    }

    @Test
    void callersWithoutAMemberRoleCanNeitherWriteNorRead() {
        Zone zone = zoneWithMember();
        stored(zone.alice.addMessage(keyId(1), ciphertext(1, CIPHERTEXT_BYTES)));
        ZoneActor bob = pic.actor(zone.id, ZoneActor.class, Sender.of(BOB));

        assertThat(bob.addMessage(keyId(1), ciphertext(2, CIPHERTEXT_BYTES)))
                .isInstanceOfSatisfying(
                        AddMessageResult.Err.class,
                        err -> assertThat(err.value())
                                .isInstanceOfSatisfying(
                                        AddMessageError.NotMember.class,
                                        notMember ->
                                                assertThat(notMember.value()).contains("register_member")));
        assertThat(bob.getMessage(nat(1)))
                .isInstanceOfSatisfying(
                        GetMessageResult.Err.class,
                        err -> assertThat(err.value()).isInstanceOf(ReadError.NotMember.class));
        assertThat(bob.getMessageByHash(sha256(ciphertext(1, CIPHERTEXT_BYTES))))
                .isInstanceOfSatisfying(
                        GetMessageByHashResult.Err.class,
                        err -> assertThat(err.value()).isInstanceOf(ReadError.NotMember.class));
        assertThat(bob.listMessagesByKey(keyId(1), Optional.empty(), nat(10)))
                .isInstanceOfSatisfying(
                        ListMessagesByKeyResult.Err.class,
                        err -> assertThat(err.value()).isInstanceOf(AccessError.NotMember.class));
        assertThat(bob.getIdRange())
                .isInstanceOfSatisfying(
                        GetIdRangeResult.Err.class,
                        err -> assertThat(err.value()).isInstanceOf(AccessError.NotMember.class));
        assertThat(zone.alice.getUsage().messageCount()).isEqualTo(nat(1));
    }

    /**
     * Messages {@code oldestLive} up to the newest of {@code stored} (id = index + 1) read back byte for byte with their
     * hashes, and the usage is exactly their log records' bytes.
     */
    private static void assertLiveMessagesIntact(ZoneActor zone, List<byte[]> stored, long oldestLive) {
        long expectedBytes = 0;
        for (long live = oldestLive; live <= stored.size(); live++) {
            byte[] expected = stored.get((int) live - 1);
            Message message = found(zone.getMessage(nat(live)));
            assertThat(message.ciphertext())
                    .as("message %d of %d", live, stored.size())
                    .isEqualTo(expected);
            assertThat(message.hash()).isEqualTo(sha256(expected));
            assertThat(foundByHash(zone.getMessageByHash(sha256(expected))).id())
                    .isEqualTo(nat(live));
            expectedBytes += recordBytes(expected.length);
        }
        assertThat(zone.getUsage().usedBytes())
                .as("usage with %d messages", stored.size())
                .isEqualTo(nat(expectedBytes));
        assertThat(zone.getUsage().messageCount()).isEqualTo(nat(stored.size() - oldestLive + 1));
    }

    private static Message foundByHash(GetMessageByHashResult result) {
        return switch (result) {
            case GetMessageByHashResult.Ok(Message message) -> message;
            case GetMessageByHashResult.Err(ReadError error) ->
                throw new AssertionError("get_message_by_hash failed: " + error);
        };
    }

    private static BigInteger nat(long value) {
        return BigInteger.valueOf(value);
    }

    private static List<Long> longs(List<BigInteger> ids) {
        return ids.stream().map(BigInteger::longValueExact).toList();
    }

    private static ZoneActor.InitArgs zoneArgs(long limit) {
        return SampleZone.init("0x1234567890abcdef1234567890abcdef12345678", TestUsers.user("factory"), limit);
    }

    private static byte[] initArguments(long limit) {
        return CandidInterface.of(ZoneActor.class).encodeInitArguments(zoneArgs(limit));
    }

    /** A Zone's id and its actor calling as ALICE. */
    private record Zone(Principal id, ZoneActor alice) {}

    /** A fresh Zone with the small limit, where ALICE holds a member role (through a mocked outcall). */
    private static Zone zoneWithMember() {
        Principal id =
                pic.setupCanister(zoneWasm, ZoneActor.class, zoneArgs(LIMIT)).canisterId();
        SampleZone.registerWithRole(pic, id, ALICE, "0xabcdef0123456789abcdef0123456789abcdef01", 200);
        return new Zone(id, pic.actor(id, ZoneActor.class, Sender.of(ALICE)));
    }
}
