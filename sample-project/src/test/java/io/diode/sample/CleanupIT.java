package io.diode.sample;

import static io.diode.sample.TestMessages.ciphertext;
import static io.diode.sample.TestMessages.keyId;
import static io.diode.sample.TestMessages.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.client.CandidArguments;
import io.diode.pocketic.client.PocketIc;
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
    private static final int LIMIT = 3 * ZoneCanister.recordBytes(CIPHERTEXT_BYTES);
    private static final Principal ALICE = TestUsers.user("alice");
    private static final Principal BOB = TestUsers.user("bob");

    private static PocketIc pic;
    private static byte[] zoneWasm;

    @BeforeAll
    static void startInstance(PocketIc instance) {
        pic = instance;
        zoneWasm = CanisterManifestFile.readBuildOutput().wasm("zone");
    }

    @Test
    void fillingPastTheLimitEvictsTheOldestMessagesFromEveryIndex() {
        ZoneCanister zone = zoneWithMember();
        BigInteger allocatedBefore = zone.memoryStats().field("allocated_bytes").nat();
        List<Long> evictedInOrder = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            ZoneCanister.AddedMessage added = zone.storeMessage(ALICE, keyId(n % 2 + 1), ciphertext(n, CIPHERTEXT_BYTES));
            assertThat(added.id()).isEqualTo(n);
            assertThat(added.duplicate()).isFalse();
            evictedInOrder.addAll(added.evictedIds());
            assertThat(zone.usage().usedBytes()).as("usage after message %d", n).isLessThanOrEqualTo(LIMIT);
        }

        assertThat(evictedInOrder).containsExactly(1L, 2L, 3L, 4L, 5L);
        CandidValue runtime = zone.memoryStats();
        assertThat(runtime.field("allocated_bytes").nat().subtract(allocatedBefore))
                .as("the runtime counts what the 8 writes allocated").isGreaterThan(BigInteger.valueOf(8L * CIPHERTEXT_BYTES));
        assertThat(runtime.field("memory_bytes").nat()).isGreaterThanOrEqualTo(runtime.field("heap_bytes").nat());
        ZoneCanister.Usage usage = zone.usage();
        assertThat(usage.usedBytes()).isEqualTo(LIMIT);
        assertThat(usage.messageCount()).isEqualTo(3);
        assertThat(usage.evictedCount()).isEqualTo(5);
        CandidValue storage = zone.storageStats();
        assertThat(storage.field("log_bytes").natLong()).as("the log holds exactly the live records").isEqualTo(LIMIT);
        assertThat(storage.field("log_capacity_bytes").natLong()).isEqualTo(LIMIT);
        assertThat(storage.field("log_memory_bytes").natLong()).as("one stable-memory page").isEqualTo(65_536);
        assertThat(storage.field("message_count").natLong()).isEqualTo(3);
        assertThat(storage.field("distinct_keys").natLong()).isEqualTo(2);
        for (int gone = 1; gone <= 5; gone++) {
            assertThat(zone.getMessage(ALICE, gone).err().is("NotFound")).as("id %d", gone).isTrue();
            assertThat(zone.getMessageByHash(ALICE, sha256(ciphertext(gone, CIPHERTEXT_BYTES))).err().is("NotFound"))
                    .as("hash of %d", gone).isTrue();
        }
        assertThat(zone.messageIdsByKey(ALICE, keyId(1))).containsExactly(8L, 6L);
        assertThat(zone.messageIdsByKey(ALICE, keyId(2))).containsExactly(7L);
        CandidValue range = zone.getIdRange(ALICE).ok();
        assertThat(range.field("min_id").opt().map(CandidValue::natLong)).contains(6L);
        assertThat(range.field("max_id").opt().map(CandidValue::natLong)).contains(8L);

        CandidValue newest = zone.getMessageByHash(ALICE, sha256(ciphertext(8, CIPHERTEXT_BYTES))).ok();
        assertThat(newest.field("id").natLong()).isEqualTo(8);
        assertThat(newest.field("key_id").blob()).isEqualTo(keyId(1));
        assertThat(newest.field("ciphertext").blob()).isEqualTo(ciphertext(8, CIPHERTEXT_BYTES));
        assertThat(zone.getMessage(ALICE, 8).ok().field("hash").blob()).isEqualTo(sha256(ciphertext(8, CIPHERTEXT_BYTES)));
    }

    @Test
    void aBigMessageEvictsAsManyOfTheOldestAsItNeedsAndAKeyWithNothingLeftDisappears() {
        ZoneCanister zone = zoneWithMember();
        zone.storeMessage(ALICE, keyId(1), ciphertext(1, CIPHERTEXT_BYTES));
        zone.storeMessage(ALICE, keyId(2), ciphertext(2, CIPHERTEXT_BYTES));
        zone.storeMessage(ALICE, keyId(3), ciphertext(3, CIPHERTEXT_BYTES));

        // A 288-byte ciphertext makes a 368-byte record, two 100-byte messages' worth: ids 1 and 2 go, oldest first.
        int bigBytes = 2 * ZoneCanister.recordBytes(CIPHERTEXT_BYTES) - ZoneCanister.MESSAGE_OVERHEAD_BYTES;
        ZoneCanister.AddedMessage big = zone.storeMessage(ALICE, keyId(4), ciphertext(4, bigBytes));

        assertThat(big.evictedIds()).containsExactly(1L, 2L);
        assertThat(zone.messageIdsByKey(ALICE, keyId(1))).isEmpty();
        assertThat(zone.messageIdsByKey(ALICE, keyId(2))).isEmpty();
        assertThat(zone.messageIdsByKey(ALICE, keyId(3))).containsExactly(3L);
        assertThat(zone.usage().usedBytes()).isEqualTo(LIMIT);
    }

    @Test
    void theSameCiphertextIsStoredOnceWhateverItsDestination() {
        ZoneCanister zone = zoneWithMember();
        ZoneCanister.AddedMessage first = zone.storeMessage(ALICE, keyId(1), ciphertext(1, CIPHERTEXT_BYTES));
        ZoneCanister.Usage before = zone.usage();

        ZoneCanister.AddedMessage again = zone.storeMessage(ALICE, keyId(2), ciphertext(1, CIPHERTEXT_BYTES));

        assertThat(first.hash()).isEqualTo(sha256(ciphertext(1, CIPHERTEXT_BYTES)));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.duplicate()).isTrue();
        assertThat(again.hash()).isEqualTo(first.hash());
        assertThat(zone.usage()).isEqualTo(before);
        assertThat(zone.messageIdsByKey(ALICE, keyId(2))).isEmpty();
    }

    @Test
    void aMessageLargerThanTheLimitAndMalformedMessagesAreRejectedWithNothingLost() {
        ZoneCanister zone = zoneWithMember();
        zone.storeMessage(ALICE, keyId(1), ciphertext(1, CIPHERTEXT_BYTES));
        zone.storeMessage(ALICE, keyId(2), ciphertext(2, CIPHERTEXT_BYTES));
        ZoneCanister.Usage before = zone.usage();
        // The room after the header, rounded down to the record alignment: 472 bytes.
        int largest = (LIMIT - ZoneCanister.MESSAGE_OVERHEAD_BYTES) / ZoneCanister.RECORD_ALIGNMENT * ZoneCanister.RECORD_ALIGNMENT;
        assertThat(ZoneCanister.recordBytes(largest)).isEqualTo(LIMIT);

        CandidValue tooLarge = zone.addMessage(ALICE, keyId(3), ciphertext(3, largest + 1)).err().get("MessageTooLarge");
        CandidValue shortKey = zone.addMessage(ALICE, new byte[19], ciphertext(4, 10)).err().get("InvalidKeyId");
        CandidValue empty = zone.addMessage(ALICE, keyId(3), new byte[0]).err();

        assertThat(tooLarge.field("ciphertext_bytes").natLong()).isEqualTo(largest + 1);
        assertThat(tooLarge.field("max_ciphertext_bytes").natLong()).isEqualTo(largest);
        assertThat(shortKey.field("expected_bytes").natLong()).isEqualTo(ZoneCanister.KEY_ID_BYTES);
        assertThat(shortKey.field("actual_bytes").natLong()).isEqualTo(19);
        assertThat(empty.is("EmptyCiphertext")).isTrue();
        assertThat(zone.usage()).isEqualTo(before);
        assertThat(zone.getMessage(ALICE, 1).ok().field("ciphertext").blob()).isEqualTo(ciphertext(1, CIPHERTEXT_BYTES));
        assertThat(zone.getMessage(ALICE, 2).ok().field("ciphertext").blob()).isEqualTo(ciphertext(2, CIPHERTEXT_BYTES));

        // The largest message that fits at all takes the whole store.
        ZoneCanister.AddedMessage whole = zone.storeMessage(ALICE, keyId(3), ciphertext(5, largest));
        assertThat(whole.evictedIds()).containsExactly(1L, 2L);
        assertThat(zone.usage().usedBytes()).isEqualTo(LIMIT);
    }

    /**
     * The log is a ring in stable memory: many passes over it, with records split at its end, keep every live message
     * intact and the usage equal to the live records' bytes.
     */
    @Test
    void theLogWrapsAroundInStableMemoryAndKeepsEveryLiveMessageIntact() {
        ZoneCanister zone = zoneWithMember();
        List<byte[]> stored = new ArrayList<>();
        long oldestLive = 1;
        for (int n = 1; n <= 24; n++) {
            int size = 1 + (n * 97) % 400;
            byte[] ciphertext = ciphertext(n, size);
            ZoneCanister.AddedMessage added = zone.storeMessage(ALICE, keyId(n % 3 + 1), ciphertext);
            stored.add(ciphertext);
            assertThat(added.id()).isEqualTo(n);
            if (!added.evictedIds().isEmpty()) {
                assertThat(added.evictedIds().getFirst()).isEqualTo(oldestLive);
                oldestLive = added.evictedIds().getLast() + 1;
            }
            assertLiveMessagesIntact(zone, stored, oldestLive);
        }
        assertThat(zone.usage().evictedCount()).as("the ring was passed several times").isGreaterThan(10);
        assertThat(zone.storageStats().field("log_memory_bytes").natLong()).isEqualTo(65_536);
    }

    /**
     * A storage-limit change on upgrade: a higher limit grows the ring of a wrapped log (its older part moves to the
     * new end of the region) and every message stays readable; a lower limit evicts the oldest down to it.
     */
    @Test
    void aLimitChangeOnUpgradeKeepsTheLogConsistent() {
        ZoneCanister zone = zoneWithMember();
        List<byte[]> stored = new ArrayList<>();
        for (int n = 1; n <= 9; n++) {
            stored.add(ciphertext(n, 60 + n * 13));
            zone.storeMessage(ALICE, keyId(n % 2 + 1), stored.getLast());
        }
        long oldestLive = zone.getIdRange(ALICE).ok().field("min_id").opt().orElseThrow().natLong();
        assertThat(zone.usage().evictedCount()).as("the log has wrapped").isGreaterThan(0);

        pic.upgradeCanister(zone.id(), zoneWasm, CandidArguments.encode(zoneArgs(4L * LIMIT)));
        assertThat(zone.storageStats().field("log_capacity_bytes").natLong()).isEqualTo(4L * LIMIT);
        assertLiveMessagesIntact(zone, stored, oldestLive);
        for (int n = 10; n <= 20; n++) {
            stored.add(ciphertext(n, 60 + n * 13));
            ZoneCanister.AddedMessage added = zone.storeMessage(ALICE, keyId(n % 2 + 1), stored.getLast());
            if (!added.evictedIds().isEmpty()) {
                oldestLive = added.evictedIds().getLast() + 1;
            }
            assertLiveMessagesIntact(zone, stored, oldestLive);
        }

        pic.upgradeCanister(zone.id(), zoneWasm, CandidArguments.encode(zoneArgs(LIMIT)));
        ZoneCanister.Usage usage = zone.usage();
        assertThat(usage.usedBytes()).isLessThanOrEqualTo(LIMIT);
        assertThat(usage.limitBytes()).isEqualTo(LIMIT);
        assertThat(zone.storageStats().field("log_capacity_bytes").natLong()).as("the ring keeps its size").isEqualTo(4L * LIMIT);
        assertLiveMessagesIntact(zone, stored, 20 - usage.messageCount() + 1);
        assertThat(zone.getMessage(ALICE, 20 - usage.messageCount()).err().is("NotFound")).isTrue();
    }

    @Test
    void callersWithoutAMemberRoleCanNeitherWriteNorRead() {
        ZoneCanister zone = zoneWithMember();
        zone.storeMessage(ALICE, keyId(1), ciphertext(1, CIPHERTEXT_BYTES));

        assertThat(zone.addMessage(BOB, keyId(1), ciphertext(2, CIPHERTEXT_BYTES)).err().get("NotMember").text())
                .contains("register_member");
        assertThat(zone.getMessage(BOB, 1).err().is("NotMember")).isTrue();
        assertThat(zone.getMessageByHash(BOB, sha256(ciphertext(1, CIPHERTEXT_BYTES))).err().is("NotMember")).isTrue();
        assertThat(zone.listMessagesByKey(BOB, keyId(1), Optional.empty(), 10).err().is("NotMember")).isTrue();
        assertThat(zone.getIdRange(BOB).err().is("NotMember")).isTrue();
        assertThat(zone.usage().messageCount()).isEqualTo(1);
    }

    /**
     * Messages {@code oldestLive} up to the newest of {@code stored} (id = index + 1) read back byte for byte with their
     * hashes, and the usage is exactly their log records' bytes.
     */
    private static void assertLiveMessagesIntact(ZoneCanister zone, List<byte[]> stored, long oldestLive) {
        long expectedBytes = 0;
        for (long live = oldestLive; live <= stored.size(); live++) {
            byte[] expected = stored.get((int) live - 1);
            CandidValue message = zone.getMessage(ALICE, live).ok();
            assertThat(message.field("ciphertext").blob()).as("message %d of %d", live, stored.size()).isEqualTo(expected);
            assertThat(message.field("hash").blob()).isEqualTo(sha256(expected));
            assertThat(zone.getMessageByHash(ALICE, sha256(expected)).ok().field("id").natLong()).isEqualTo(live);
            expectedBytes += ZoneCanister.recordBytes(expected.length);
        }
        assertThat(zone.usage().usedBytes()).as("usage with %d messages", stored.size()).isEqualTo(expectedBytes);
        assertThat(zone.usage().messageCount()).isEqualTo(stored.size() - oldestLive + 1);
    }

    private static ZoneInitArgs zoneArgs(long limit) {
        return ZoneInitArgs.of("0x1234567890abcdef1234567890abcdef12345678", TestUsers.user("factory"), limit);
    }

    /** A fresh Zone with the small limit, where ALICE holds a member role (through a mocked outcall). */
    private static ZoneCanister zoneWithMember() {
        ZoneCanister zone = ZoneCanister.install(pic, zoneWasm, zoneArgs(LIMIT));
        zone.registerWithRole(ALICE, "0xabcdef0123456789abcdef0123456789abcdef01", 200);
        return zone;
    }
}
