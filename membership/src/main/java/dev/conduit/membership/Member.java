package dev.conduit.membership;

/**
 * One live instance of a role as the membership view sees it: the id it registered with and where its
 * RPC endpoint listens. Hash rings place members by {@link #id()} alone, so a restart on another port
 * keeps the same slots.
 */
public record Member(String id, String host, int port) implements Comparable<Member> {

  public Member {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("member id must not be blank");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("member " + id + ": host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("member " + id + ": port " + port + " is outside 1..65535");
    }
  }

  /** {@code host:port}, the form gRPC targets and logs use. */
  public String address() {
    return host + ":" + port;
  }

  @Override
  public int compareTo(Member other) {
    int byId = id.compareTo(other.id);
    if (byId != 0) {
      return byId;
    }
    int byHost = host.compareTo(other.host);
    return byHost != 0 ? byHost : Integer.compare(port, other.port);
  }
}
