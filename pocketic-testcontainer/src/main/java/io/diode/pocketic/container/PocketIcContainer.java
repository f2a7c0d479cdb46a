package io.diode.pocketic.container;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.diode.pocketic.launcher.RunningPocketIcServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A PocketIC server in a Docker container: the real server (an image from {@code docker/real-pocketic/Dockerfile}
 * of this module) or {@code pocketic-embedded} (an image {@link EmbeddedServerImage} builds locally). Both listen on
 * {@value #PORT} inside the container and are healthy when {@code GET /status} answers 200. The port is published
 * on the host's loopback interface only, and the server's output goes to SLF4J (logger
 * {@code io.diode.pocketic.container.PocketIcContainer}).
 */
public class PocketIcContainer extends GenericContainer<PocketIcContainer> implements RunningPocketIcServer {

    public static final int PORT = 8080;

    private static final Logger LOG = LoggerFactory.getLogger(PocketIcContainer.class);

    /** An image already present locally or pullable, e.g. {@code diode/pocket-ic:15.0.0}. */
    public PocketIcContainer(DockerImageName image) {
        super(image);
        applyPocketIcDefaults();
    }

    /** An image built on demand, such as {@link EmbeddedServerImage#build(java.nio.file.Path)}. */
    public PocketIcContainer(Future<String> image) {
        super(image);
        applyPocketIcDefaults();
    }

    private void applyPocketIcDefaults() {
        withExposedPorts(PORT);
        waitingFor(Wait.forHttp("/status").forPort(PORT).forStatusCode(200).withStartupTimeout(Duration.ofSeconds(90)));
        withLogConsumer(new Slf4jLogConsumer(LOG).withPrefix("pocket-ic"));
        // Publish on 127.0.0.1 only (Docker's default is every interface): a test server must not be reachable
        // from the network. An empty host port lets Docker pick a free one, as Testcontainers expects.
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(PORT))));
    }

    /** {@code http://localhost:<mapped port>}, for {@link io.diode.pocketic.client.PocketIc#create(URI)}. */
    @Override
    public URI url() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(PORT));
    }

    @Override
    public String description() {
        return "PocketIC container " + getDockerImageName();
    }

    @Override
    public void close() {
        stop();
    }
}
