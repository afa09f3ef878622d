package dev.conduit.client.resolver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The passing instances of one service from a Consul agent's health endpoint
 * ({@code GET /v1/health/service/<service>?passing=true}), as blocking queries: an answer comes when the set changes
 * or the wait ends. An instance's address is its service address, or its node's when the service registered none.
 */
final class ConsulHealthClient implements HealthyInstances {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final ConsulTarget target;
  private final HttpClient http;

  ConsulHealthClient(ConsulTarget target) {
    this.target = target;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  @Override
  public Snapshot fetch(long afterIndex, Duration wait) throws IOException, InterruptedException {
    StringBuilder uri = new StringBuilder("http://").append(target.agentHost()).append(':').append(target.agentPort())
        .append("/v1/health/service/").append(URLEncoder.encode(target.service(), StandardCharsets.UTF_8))
        .append("?passing=true");
    target.datacenter().ifPresent(dc -> uri.append("&dc=").append(URLEncoder.encode(dc, StandardCharsets.UTF_8)));
    if (afterIndex > 0) {
      uri.append("&index=").append(afterIndex).append("&wait=").append(Math.max(1, wait.toSeconds())).append('s');
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString()))
        // Consul adds up to wait/16 of jitter to a blocking query
        .timeout(wait.plus(wait.dividedBy(16)).plusSeconds(5))
        .GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("Consul at " + target.agentHost() + ":" + target.agentPort() + " answered "
          + response.statusCode() + " for service " + target.service() + ": " + response.body().strip());
    }
    long index = response.headers().firstValueAsLong("X-Consul-Index").orElse(0);
    return new Snapshot(index, addresses(response.body()));
  }

  /**
   * The addresses of a health endpoint answer, in its order, resolved (an IP literal needs no lookup; a host name
   * is looked up here, on the resolver's thread, since the transport connects to resolved addresses only).
   */
  static List<InetSocketAddress> addresses(String json) throws java.net.UnknownHostException {
    List<InetSocketAddress> addresses = new ArrayList<>();
    JsonArray entries = JsonParser.parseString(json).getAsJsonArray();
    for (JsonElement element : entries) {
      JsonObject entry = element.getAsJsonObject();
      JsonObject service = entry.getAsJsonObject("Service");
      String address = text(service, "Address");
      if (address.isEmpty()) {
        address = text(entry.getAsJsonObject("Node"), "Address");
      }
      addresses.add(new InetSocketAddress(java.net.InetAddress.getByName(address), service.get("Port").getAsInt()));
    }
    return addresses;
  }

  private static String text(JsonObject object, String field) {
    JsonElement value = object == null ? null : object.get(field);
    return value == null || value.isJsonNull() ? "" : value.getAsString();
  }
}
