package io.diode.pocketic.embedded.engine;

import static io.diode.pocketic.embedded.engine.TestIc.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.diode.pocketic.embedded.api.CallResult;
import io.diode.pocketic.embedded.api.IcInstance;
import java.math.BigInteger;
import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.ic4j.types.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The execution log names each execution and what it counted: more work, more instructions; an install is one entry
 * for all its hooks; a trapping update is logged (and charged) too.
 */
class ExecutionLogTest {

    private final Logger logger = Logger.getLogger(ExecutionLog.LOGGER);
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level levelBefore;
    private IcInstance ic;

    @BeforeEach
    void listen() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(capture);
        ic = EmbeddedIc.create();
    }

    @AfterEach
    void stopListening() {
        ic.close();
        logger.removeHandler(capture);
        logger.setLevel(levelBefore);
    }

    @Test
    void eachExecutionIsLoggedWithTheInstructionsItCounted() {
        Principal canister = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));
        TestIc.reply(TestIc.installCode(ic, USER, canister, "install", ProbeCanister.module('A'), new byte[0]));
        TestIc.reply(ProbeCanister.write(ic, canister, "a"));
        // the system API charges per byte for copying the argument in, printing it and writing it to stable memory
        TestIc.reply(ProbeCanister.write(ic, canister, "a thirty-byte argument, longer"));
        CallResult trapped = ProbeCanister.write(ic, canister, "trap after the work");
        assertThat(trapped).isInstanceOf(CallResult.Reject.class);

        assertThat(lines())
                .anyMatch(line -> line.matches("\\[Canister " + canister + "] install_code: [\\d,]+ instructions"));
        List<Long> updates = instructions(canister, "update write");
        assertThat(updates).hasSize(3);
        assertThat(updates.get(0)).isPositive();
        assertThat(updates.get(1)).isGreaterThan(updates.get(0));
        assertThat(updates.get(2)).isPositive();
    }

    @Test
    void nothingIsFormattedWhileTheLoggerIsOff() {
        logger.setLevel(Level.INFO);
        Principal canister = TestIc.createCanister(ic, USER, new BigInteger("100000000000000"));
        TestIc.reply(TestIc.installCode(ic, USER, canister, "install", ProbeCanister.module('A'), new byte[0]));
        TestIc.reply(ProbeCanister.write(ic, canister, "a"));
        assertThat(records).isEmpty();
    }

    private List<String> lines() {
        return records.stream()
                .map(record -> MessageFormat.format(record.getMessage(), record.getParameters()))
                .toList();
    }

    private List<Long> instructions(Principal canister, String what) {
        return records.stream()
                .filter(record -> record.getParameters()[0].toString().equals(canister.toString())
                        && record.getParameters()[1].equals(what))
                .map(record -> (Long) record.getParameters()[2])
                .toList();
    }
}
