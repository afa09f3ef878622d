package dev.conduit.config.internal;

/**
 * Syntax checks for host names and IP literals. They never resolve names: validation must not depend
 * on DNS being reachable from the machine that checks a config.
 */
public final class Addresses {

  private Addresses() {}

  /** A DNS name, an IPv4 literal or an IPv6 literal (without brackets). */
  public static boolean isValidHost(String host) {
    if (host.indexOf(':') >= 0) {
      return isIpv6Literal(host);
    }
    if (looksNumeric(host)) {
      return isIpv4Literal(host);
    }
    return isHostName(host);
  }

  public static boolean isIpLiteral(String text) {
    return text.indexOf(':') >= 0 ? isIpv6Literal(text) : isIpv4Literal(text);
  }

  public static boolean isIpv4Literal(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  public static boolean isIpv6Literal(String text) {
    if (text.isEmpty() || text.indexOf("::") != text.lastIndexOf("::")) {
      return false;
    }
    boolean compressed = text.contains("::");
    String body = text;
    int groupsFromIpv4 = 0;
    int lastColon = body.lastIndexOf(':');
    if (lastColon >= 0 && body.indexOf('.', lastColon) >= 0) {
      if (!isIpv4Literal(body.substring(lastColon + 1))) {
        return false;
      }
      body = body.substring(0, lastColon + 1) + "0";
      groupsFromIpv4 = 1;
    }
    String[] halves = body.split("::", -1);
    int groups = 0;
    for (String half : halves) {
      if (half.isEmpty()) {
        continue;
      }
      for (String group : half.split(":", -1)) {
        if (group.isEmpty() || group.length() > 4 || !isHex(group)) {
          return false;
        }
        groups++;
      }
    }
    groups += groupsFromIpv4;
    return compressed ? groups <= 7 : groups == 8;
  }

  private static boolean isHostName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    for (String label : name.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean looksNumeric(String host) {
    return !host.isEmpty() && host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
  }

  private static boolean isHex(String group) {
    return group.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }
}
