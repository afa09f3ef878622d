package dev.conduit.membership.consul;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Looks services up in Consul's DNS interface ({@code <service>.service.consul}) against a given DNS
 * server, bypassing the host's resolver, for tests and operators' tools. Consul's DNS answers healthy
 * instances only. Uses the JDK's JNDI DNS provider, so it needs no dependency.
 */
public final class ConsulDns {
  /** The port of the local launcher's Consul DNS. */
  public static final int DEFAULT_PORT = 8600;

  private final String server;
  private final String domain;
  private final Duration timeout;

  /** A resolver for the {@code consul} domain at {@code host:port} with a 1 s query timeout. */
  public ConsulDns(String host, int port) {
    this(host, port, "consul", Duration.ofSeconds(1));
  }

  public ConsulDns(String host, int port, String domain, Duration timeout) {
    this.server = "dns://" + host + ":" + port;
    this.domain = domain;
    this.timeout = timeout;
  }

  /** The IPv4 addresses of the healthy instances of {@code service}; empty if none. */
  public List<InetAddress> addresses(String service) {
    return lookupA(serviceName(service));
  }

  /** The SRV records of the healthy instances of {@code service}; empty if none. */
  public List<SrvRecord> srv(String service) {
    List<SrvRecord> records = new ArrayList<>();
    for (String value : query(serviceName(service), "SRV")) {
      records.add(SrvRecord.parse(value));
    }
    return records;
  }

  /** Address and port of each healthy instance of {@code service}, from its SRV record and the target's A record. */
  public List<InetSocketAddress> endpoints(String service) {
    List<InetSocketAddress> endpoints = new ArrayList<>();
    for (SrvRecord record : srv(service)) {
      for (InetAddress address : lookupA(record.target())) {
        endpoints.add(new InetSocketAddress(address, record.port()));
      }
    }
    return endpoints;
  }

  /** The A records of any name the server answers, for example a node name. */
  public List<InetAddress> lookupA(String name) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String value : query(name, "A")) {
      try {
        // a literal address: getByName parses it without asking any resolver
        addresses.add(InetAddress.getByName(value));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(server + " answered a malformed A record for " + name + ": " + value, e);
      }
    }
    return addresses;
  }

  /** {@code <service>.service.<domain>}. */
  public String serviceName(String service) {
    return service + ".service." + domain;
  }

  private List<String> query(String name, String type) {
    Hashtable<String, String> env = new Hashtable<>();
    env.put(DirContext.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
    env.put(DirContext.PROVIDER_URL, server);
    env.put("com.sun.jndi.dns.timeout.initial", Long.toString(timeout.toMillis()));
    env.put("com.sun.jndi.dns.timeout.retries", "2");
    DirContext context = null;
    try {
      context = new InitialDirContext(env);
      Attribute attribute = context.getAttributes(name, new String[] {type}).get(type);
      List<String> values = new ArrayList<>();
      if (attribute != null) {
        NamingEnumeration<?> all = attribute.getAll();
        while (all.hasMore()) {
          values.add(all.next().toString());
        }
      }
      return values;
    } catch (NameNotFoundException e) {
      // NXDOMAIN: Consul's answer for a service with no healthy instance
      return List.of();
    } catch (NamingException e) {
      throw new IllegalStateException("DNS " + type + " query for " + name + " at " + server + " failed: " + e, e);
    } finally {
      closeQuietly(context);
    }
  }

  private static void closeQuietly(DirContext context) {
    if (context != null) {
      try {
        context.close();
      } catch (NamingException ignored) {
        // nothing is held open after a query
      }
    }
  }
}
