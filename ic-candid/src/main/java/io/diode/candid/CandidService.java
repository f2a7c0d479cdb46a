package io.diode.candid;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Java interface that stands for a canister's service: {@code did} is the service's Candid interface (a .did
 * file's text), which gives each {@link CandidMethod} its exact Candid types and whether it is a query.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CandidService {
    String did();
}
