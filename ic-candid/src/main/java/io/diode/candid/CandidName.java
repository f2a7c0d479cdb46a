package io.diode.candid;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Candid label of a record component (a field name, or a tuple position such as {@code "0"}) or of a record
 * class that is a variant case. Without it the Java name is the Candid name.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface CandidName {
    String value();
}
