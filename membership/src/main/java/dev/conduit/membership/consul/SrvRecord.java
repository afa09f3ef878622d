package dev.conduit.membership.consul;

/**
 * One DNS SRV answer: where an instance of a service listens. Consul names the target after the node or
 * the instance's address (for example {@code 7f000001.addr.dc1.consul.}); resolve it for the IP.
 */
public record SrvRecord(int priority, int weight, int port, String target) {

  /** Parses the presentation form {@code "priority weight port target"} that JNDI's DNS provider answers. */
  public static SrvRecord parse(String text) {
    String[] fields = text.trim().split("\\s+");
    if (fields.length != 4) {
      throw new IllegalArgumentException("not an SRV record (priority weight port target): '" + text + "'");
    }
    try {
      return new SrvRecord(
          Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), Integer.parseInt(fields[2]), fields[3]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an SRV record (priority weight port target): '" + text + "'", e);
    }
  }
}
