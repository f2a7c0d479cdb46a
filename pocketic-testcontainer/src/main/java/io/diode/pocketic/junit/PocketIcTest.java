package io.diode.pocketic.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (class) that gets a fresh {@link io.diode.pocketic.client.PocketIc} instance per test method as a
 * parameter. One server serves the whole test run; which one is chosen with {@code -Dpocketic.backend=
 * embedded|container|binary} (see {@link PocketIcBackend}). When a test fails, the logs of the canisters it created
 * are printed (see {@link #printCanisterLogs()}).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PocketIcExtension.class)
public @interface PocketIcTest {

    /**
     * When a test fails, print the logs ({@code fetch_canister_logs}) of the canisters it created through the
     * {@link io.diode.pocketic.client.PocketIc} it was given. The system property
     * {@value PocketIcExtension#PRINT_LOGS_PROPERTY}{@code =false} turns it off for a whole run.
     */
    boolean printCanisterLogs() default true;
}
