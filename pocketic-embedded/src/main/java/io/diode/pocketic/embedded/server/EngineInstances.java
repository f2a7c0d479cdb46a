package io.diode.pocketic.embedded.server;

import io.diode.pocketic.embedded.api.IcInstance;
import io.diode.pocketic.embedded.api.InstanceConfig;
import io.diode.pocketic.embedded.api.InstructionLimits;
import io.diode.pocketic.embedded.engine.EmbeddedIc;

/** The engine behind the runnable server and {@link PocketIcServer#start()}: {@link EmbeddedIc}. */
final class EngineInstances {

    private EngineInstances() {}

    static InstanceFactory factory() {
        return new InstanceFactory() {
            @Override
            public IcInstance create(InstanceSettings settings) {
                return EmbeddedIc.create(new InstanceConfig(
                        InstanceConfig.startTime(settings.initialTime()),
                        settings.subnets(),
                        InstructionLimits.APPLICATION_SUBNET));
            }

            /**
             * A scratch instance, made and freed: loads the engine's classes, derives the subnet key and starts
             * GraalWasm (which then goes on starting in the background).
             */
            @Override
            public void prepare() {
                EmbeddedIc.create(InstanceConfig.defaults()).close();
            }
        };
    }
}
