package io.diode.pocketic.embedded.wasm;

/**
 * Thrown inside a pass that meets code it cannot instrument (an instruction it does not handle, too many locals for
 * its scratch locals): the pass then leaves the whole module as it is and tells its caller by returning null. It
 * carries no stack trace: it is the pass's way out, not an error.
 */
final class UninstrumentableCode extends RuntimeException {

    UninstrumentableCode() {
        super(null, null, false, false);
    }
}
