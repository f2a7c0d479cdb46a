package io.diode.maven.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.ic4j.types.Principal;

/**
 * The {@code default_effective_canister_id} a PocketIC instance publishes in its topology ({@code <instance>/_/topology}),
 * which dfx uses to route canister creation on a PocketIC-backed local network. Any other network simply has no such
 * endpoint: then there is no default.
 */
final class PocketIcTopology {
    private PocketIcTopology() {}

    static Optional<Principal> defaultEffectiveCanisterId(URI networkUrl, Duration timeout) {
        String base = networkUrl.toString().replaceAll("/+$", "");
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/_/topology"))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode id = new ObjectMapper()
                    .readTree(response.body())
                    .path("default_effective_canister_id")
                    .path("canister_id");
            if (!id.isTextual()) {
                return Optional.empty();
            }
            return Optional.of(Principal.from(Base64.getDecoder().decode(id.asText())));
        } catch (IOException | RuntimeException | org.ic4j.types.PrincipalError notPocketIc) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
