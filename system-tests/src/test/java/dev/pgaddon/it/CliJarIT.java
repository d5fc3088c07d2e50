package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The CLI that users get is an HTTP client only: no Docker client, JDBC driver, Temporal SDK or key in its jar. */
class CliJarIT {
  @Test
  void theCliJarHoldsNoWayAroundTheApi() throws Exception {
    try (JarFile jar = new JarFile(Path.of("..", "starter", "target", "pgaddon-cli.jar").toFile())) {
      List<String> names = jar.stream().map(e -> e.getName()).toList();
      assertTrue(names.contains("dev/pgaddon/cli/Pgaddon.class"), "the CLI itself");
      for (String forbidden : List.of("com/github/dockerjava/", "org/postgresql/", "io/temporal/", "dev/pgaddon/temporal/",
          "dev/pgaddon/secrets/", "dev/pgaddon/control/")) {
        assertFalse(names.stream().anyMatch(n -> n.startsWith(forbidden)), "the CLI jar holds " + forbidden);
      }
      assertFalse(names.stream().anyMatch(n -> n.endsWith("codec.key")), "no key");
    }
  }
}
