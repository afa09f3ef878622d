package dev.conduit.membership;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit hash that places keys and virtual nodes on a {@link HashRing}. It is part of the ring's
 * contract: every process must compute the same owner for a key, so it must never depend on the JVM
 * ({@link String#hashCode()} is too weak at 32 bits and clusters similar strings).
 */
final class RingHash {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private RingHash() {}

  static long hash(String text) {
    long h = FNV_OFFSET;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return avalanche(h);
  }

  // FNV-1a alone moves few high bits for keys that differ in their last character ("shard-1", "shard-2");
  // the murmur3 finalizer spreads every input bit over the whole word, so such keys land far apart.
  private static long avalanche(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
