package io.diode.pocketic.embedded.server;

/** The engine behind the runnable server and {@link PocketIcServer#start()}. */
final class EngineInstances {

    private EngineInstances() {
    }

    static InstanceFactory factory() {
        // Replaced by the engine's factory as soon as the engine package offers one.
        return settings -> {
            throw new UnsupportedOperationException("this build has no IC engine yet: instances cannot be created");
        };
    }
}
