package io.diode.pocketic.embedded.server;

import io.diode.pocketic.embedded.api.InstanceConfig;
import io.diode.pocketic.embedded.engine.EmbeddedIc;

/** The engine behind the runnable server and {@link PocketIcServer#start()}: {@link EmbeddedIc}. */
final class EngineInstances {

    private EngineInstances() {
    }

    static InstanceFactory factory() {
        // EmbeddedIc is only loaded, and GraalWasm only started, when the first instance is created.
        return settings -> EmbeddedIc.create(new InstanceConfig(InstanceConfig.startTime(settings.initialTime())));
    }
}
