package dev.pgaddon.it;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.docker.NodeLayout;
import dev.pgaddon.node.ContainerLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * What a user does with a downloaded backup, with nothing of pgaddon: tar into an empty directory,
 * postgres started on it, a query. Runs in a throwaway container of the same PostgreSQL image.
 */
final class PlainRestore {
  private static final String SCRIPT = """
      set -eu
      mkdir -m 700 /tmp/restored
      tar -xf /backup/backup.tar -C /tmp/restored
      postgres -D /tmp/restored -c listen_addresses= -c unix_socket_directories=/tmp -c port=5432 >/tmp/log 2>&1 &
      for i in $(seq 1 60); do pg_isready -h /tmp -p 5432 -q && break; sleep 1; done
      echo "rows: $(psql -h /tmp -p 5432 -U postgres -d "$DB" -Atc "SELECT string_agg(n::text, ' ' ORDER BY n) FROM $TABLE")"
      # it takes writes too: a copy that still waited for the addon's follower would hang here
      timeout 30 psql -h /tmp -p 5432 -U postgres -d "$DB" -Atc "CREATE TABLE written_after_restore (n int)" && echo "writes: ok"
      """;

  private PlainRestore() {}

  /** The rows of {@code table} (column n) in the restored copy, space-separated. */
  static String rowsOf(Harness harness, Path tar, String version, String database, String table) throws Exception {
    Path dir = Files.createTempDirectory("pgaddon-plain-restore");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path copy = dir.resolve("backup.tar");
    Files.copy(tar, copy);
    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
    String id = harness.docker.createContainerCmd(NodeLayout.image(version))
        .withLabels(Map.of(Labels.OWNER, harness.owner))
        .withUser("postgres")
        .withEnv("DB=" + database, "TABLE=" + table)
        .withCmd("bash", "-c", SCRIPT)
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
            .withBinds(new Bind(dir.toString(), new Volume("/backup"))))
        .exec().getId();
    try {
      harness.docker.startContainerCmd(id).exec();
      harness.docker.waitContainerCmd(id).start().awaitStatusCode(180, java.util.concurrent.TimeUnit.SECONDS);
      String logs = new ContainerLogs(harness.docker).tail(id, 20);
      org.junit.jupiter.api.Assertions.assertTrue(logs.contains("writes: ok"), "the copy takes writes: " + logs);
      return Harness.find(java.util.regex.Pattern.compile("rows: ([0-9 ]*)"), logs).trim();
    } finally {
      harness.docker.removeContainerCmd(id).withForce(true).exec();
      Files.deleteIfExists(copy);
      Files.deleteIfExists(dir);
    }
  }
}
