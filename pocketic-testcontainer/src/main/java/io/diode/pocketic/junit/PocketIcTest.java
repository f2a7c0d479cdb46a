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
 * embedded|container|binary} (see {@link PocketIcBackend}).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PocketIcExtension.class)
public @interface PocketIcTest {
}
