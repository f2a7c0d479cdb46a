package io.diode.pocketic.embedded.server;

import io.diode.pocketic.embedded.api.IcInstance;

/** Makes the engine behind each instance the server creates: the only seam between server and engine. */
@FunctionalInterface
public interface InstanceFactory {

    IcInstance create(InstanceSettings settings);
}
