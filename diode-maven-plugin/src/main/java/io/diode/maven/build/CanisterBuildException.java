package io.diode.maven.build;

/**
 * A build failure caused by the user's input or machine set-up (compile errors, missing compiler,
 * bad configuration). Its message is complete and says what to do, so it is shown without a stack trace.
 */
public class CanisterBuildException extends Exception {
    public CanisterBuildException(String message) {
        super(message);
    }

    public CanisterBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
