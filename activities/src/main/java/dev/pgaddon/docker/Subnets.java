package dev.pgaddon.docker;

import java.util.List;

/** IPv4 /26 subnets of a /16 pool, one per addon network (IPv4 only: the engine runs without IPv6). */
final class Subnets {
  static final int PREFIX = 26;
  private static final int SIZE = 1 << (32 - PREFIX);

  private Subnets() {}

  /** The first /26 of {@code pool} that overlaps none of {@code taken} (subnets in CIDR form; IPv6 ones ignored). */
  static String firstFree(String pool, List<String> taken) {
    long[] range = range(pool);
    List<long[]> used = taken.stream().filter(t -> t.contains(".")).map(Subnets::range).toList();
    for (long start = range[0]; start + SIZE - 1 <= range[1]; start += SIZE) {
      long end = start + SIZE - 1;
      boolean free = true;
      for (long[] t : used) {
        free &= t[1] < start || end < t[0];
      }
      if (free) {
        return format(start) + "/" + PREFIX;
      }
    }
    throw new IllegalStateException("the pool " + pool + " has no free /" + PREFIX + " left");
  }

  /** The n-th address of a subnet (1: its gateway). */
  static String host(String subnet, int n) {
    return format(range(subnet)[0] + n);
  }

  /** The upper half of a subnet, where the engine gives addresses of its own choosing. */
  static String upperHalf(String subnet) {
    long[] r = range(subnet);
    int prefix = Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
    return format(r[0] + (r[1] - r[0] + 1) / 2) + "/" + (prefix + 1);
  }

  /** First and last address of a CIDR block, as numbers. */
  static long[] range(String cidr) {
    String[] parts = cidr.split("/");
    int prefix = Integer.parseInt(parts[1]);
    long address = 0;
    for (String octet : parts[0].split("\\.")) {
      address = address << 8 | Integer.parseInt(octet);
    }
    long size = 1L << (32 - prefix);
    long first = address & ~(size - 1) & 0xffffffffL;
    return new long[] {first, first + size - 1};
  }

  private static String format(long address) {
    return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
  }
}
