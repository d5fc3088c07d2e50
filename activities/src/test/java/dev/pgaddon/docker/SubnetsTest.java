package dev.pgaddon.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetsTest {
  @Test
  void theFirstBlockThatOverlapsNoNetworkIsTaken() {
    assertEquals("10.213.0.0/26", Subnets.firstFree("10.213.0.0/16", List.of("172.17.0.0/16", "fd00::/64")));
    assertEquals("10.213.0.64/26", Subnets.firstFree("10.213.0.0/16", List.of("10.213.0.0/26")));
    // a wider network that covers the start of the pool pushes past all of it
    assertEquals("10.213.1.0/26", Subnets.firstFree("10.213.0.0/16", List.of("10.213.0.0/24")));
    assertEquals("10.213.0.128/26", Subnets.firstFree("10.213.0.0/16", List.of("10.213.0.0/26", "10.213.0.100/30")));
  }

  @Test
  void aFullPoolIsSaid() {
    var full = assertThrows(IllegalStateException.class, () -> Subnets.firstFree("10.213.0.0/26", List.of("10.0.0.0/8")));
    assertEquals("the pool 10.213.0.0/26 has no free /26 left", full.getMessage());
  }

  @Test
  void fixedAddressesAndTheEnginesHalf() {
    assertEquals("10.213.0.65", Subnets.host("10.213.0.64/26", 1));
    assertEquals("10.213.0.66", Subnets.host("10.213.0.64/26", 2));
    assertEquals("10.213.0.96/27", Subnets.upperHalf("10.213.0.64/26"));
  }
}
