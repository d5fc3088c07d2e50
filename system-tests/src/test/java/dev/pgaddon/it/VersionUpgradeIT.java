package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.probe.WriteProbe;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The seed's upgrade path on one business addon: 15.18 -> 15.20 (rolling, a client writing) ->
 * 17.12 (pg_upgrade), with the refusals and the rollback on the way.
 */
@WithStack
class VersionUpgradeIT {
  private static final List<String> CHECKSUMS = List.of(
      "SELECT md5(string_agg(o::text, ',' ORDER BY id)) FROM orders o",
      "SELECT md5(string_agg(k::text, ',' ORDER BY id)) FROM settings k",
      "SELECT md5(string_agg(p::text, ',' ORDER BY id)) FROM probe_writes p",
      "SELECT md5(string_agg(id || ' ' || ST_AsText(geom), ',' ORDER BY id)) FROM places");
  @WithStack.Inject private static Harness harness;

  @Test
  void aBusinessAddonGoesToTheLatestMinorThenToTheNextMajor() throws Exception {
    String app = "it-versions-" + harness.owner.substring(3);
    Harness.Added added = harness.addAddon(app, "postgresql-business-512", "15.18");
    String id = added.id();
    String url = added.url();
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION pgcrypto");
      s.execute("CREATE EXTENSION hstore");
      s.execute("CREATE TABLE orders (id serial PRIMARY KEY, item text, signature bytea)");
      s.execute("INSERT INTO orders (item, signature) SELECT 'item ' || g, digest('item ' || g, 'sha256') FROM generate_series(1, 20000) g");
      s.execute("CREATE TABLE settings (id serial PRIMARY KEY, options hstore)");
      s.execute("INSERT INTO settings (options) SELECT ('size => ' || g)::hstore FROM generate_series(1, 500) g");
    }
    // PostGIS, enabled through the platform: a geometry column and its spatial index must live through the major.
    Harness.Run postgis = harness.cli("--app", app, "--addon", id, "database-extensions-enable", "postgis");
    assertEquals(0, postgis.exitCode(), postgis.all());
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE places (id serial PRIMARY KEY, geom geometry(Point, 4326))");
      s.execute("INSERT INTO places (geom) SELECT ST_SetSRID(ST_MakePoint(g % 360 - 180, g % 170 - 85), 4326)"
          + " FROM generate_series(1, 5000) g");
      s.execute("CREATE INDEX places_geom ON places USING gist (geom)");
    }

    // A read-only user made before: it must work after the switchover of the minor upgrade, after the
    // major upgrade, through the endpoint and on the follower.
    Harness.Run user = harness.cli("--app", app, "--addon", id, "database-users-create", "--read-only", "reporting");
    assertEquals(0, user.exitCode(), user.all());
    java.util.regex.Matcher generated = Pattern.compile("with password \"(\\w{64})\"").matcher(user.out());
    assertTrue(generated.find(), user.out());
    String password = generated.group(1);

    minorUpgradeWithAWritingClient(app, id, url);
    assertUserReads(id, url, "reporting", password);
    checkRefusesAnIncompatibleObject(app, id, url);
    anExtensionTheNewMajorLacksIsNamedBeforeAnyDowntime(app, id, url);
    failedPgUpgradeRestoresTheOldCluster(app, id, url);
    majorUpgradeKeepsEveryRow(app, id, url);
    assertUserReads(id, url, "reporting", password);
  }

  /** Through the endpoint, and on the follower directly (its copy of the role came by replication). */
  private void assertUserReads(String id, String url, String user, String password) throws Exception {
    String database = url.substring(url.lastIndexOf('/') + 1);
    try (Connection c = Harness.connectAs(Harness.jdbcUrl(url), user, password); Statement s = c.createStatement()) {
      assertTrue(Long.parseLong(Harness.one(s, "SELECT count(*) FROM orders")) >= 20000);
    }
    var follower = harness.nodesOf(id).stream().filter(n -> {
      try (Connection c = Harness.superuser(id, Integer.parseInt(n.getLabels().get(Labels.PORT)));
          Statement s = c.createStatement()) {
        return "t".equals(Harness.one(s, "SELECT pg_is_in_recovery()"));
      } catch (java.sql.SQLException e) {
        return false;
      }
    }).findFirst().orElseThrow();
    String onFollower = "jdbc:postgresql://127.0.0.1:" + follower.getLabels().get(Labels.PORT) + "/" + database;
    try (Connection c = Harness.connectAs(onFollower, user, password); Statement s = c.createStatement()) {
      assertTrue(Long.parseLong(Harness.one(s, "SELECT count(*) FROM orders")) >= 20000, "on the follower");
    }
  }

  private void minorUpgradeWithAWritingClient(String app, String id, String url) throws Exception {
    Harness.Run list = harness.cli("--app", app, "--addon", id, "database-upgrade", "--list");
    assertEquals(0, list.exitCode(), list.all());
    assertTrue(list.out().contains("Current version: PostgreSQL 15.18"), list.out());
    assertTrue(list.out().contains("Next: PostgreSQL 15.20, minor"), list.out());

    Harness.Run skip = harness.cli("--app", app, "--addon", id, "database-upgrade", "--to", "17.12");
    assertEquals(2, skip.exitCode(), skip.all());
    assertTrue(skip.err().contains("latest minor of your major first: PostgreSQL 15.20"), skip.err());

    WriteProbe probe = WriteProbe.start(url, 10);
    Harness.Run upgrade = harness.cli("--app", app, "--addon", id, "database-upgrade", "--wait");
    Thread.sleep(500);
    WriteProbe.Report report = probe.stop();

    assertEquals(0, upgrade.exitCode(), upgrade.all());
    assertTrue(upgrade.out().contains("from PostgreSQL 15.18 to 15.20"), upgrade.out());
    assertEquals(0, report.failed(), report.toString());
    assertEquals(0, report.missingAfterwards(), report.toString());
    assertTrue(report.committed() > 100, report.toString());
    assertVersion(id, url, "15.20");
    harness.recordHistory(WorkflowIds.forAddon(id), "minor-upgrade-business.json");
  }

  private void checkRefusesAnIncompatibleObject(String app, String id, String url) throws Exception {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE handlers (id int, handler regproc)"); // reg* OIDs are not kept by pg_upgrade
    }
    Harness.Run check = harness.cli("--app", app, "--addon", id, "database-upgrade", "--to", "17.12", "--check");
    assertEquals(2, check.exitCode(), check.all());
    assertTrue(check.err().contains("pg_upgrade --check refuses the upgrade to PostgreSQL 17.12"), check.err());
    assertTrue(check.err().contains("reg* data types in user tables"), check.err());
    assertTrue(check.err().contains("public.handlers.handler"), check.err());
    assertTrue(check.err().contains("nothing was changed"), check.err());
    assertVersion(id, url, "15.20");
    assertRunningNodes(id, 2);
    harness.recordHistory(WorkflowIds.forAddon(id), "major-upgrade-check-refused.json");
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("DROP TABLE handlers");
    }
  }

  /** adminpack was removed in PostgreSQL 17: enabled by hand on 15, the upgrade's pre-flight must name it. */
  private void anExtensionTheNewMajorLacksIsNamedBeforeAnyDowntime(String app, String id, String url) throws Exception {
    String database = url.substring(url.lastIndexOf('/') + 1);
    int primaryPort = Integer.parseInt(harness.nodeAnswering(id, true).getLabels().get(Labels.PORT));
    try (Connection c = Harness.superuser(id, primaryPort, database); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION adminpack");
    }
    Harness.Run upgrade = harness.cli("--app", app, "--addon", id, "database-upgrade", "--to", "17.12", "--wait");
    assertEquals(2, upgrade.exitCode(), upgrade.all());
    assertTrue(upgrade.err().contains("adminpack"), "the pre-flight names the extension: " + upgrade.all());
    assertTrue(upgrade.err().contains("nothing was changed"), upgrade.all());
    assertFalse(upgrade.out().contains("Stop the entire cluster"), "refused before any downtime: " + upgrade.out());
    assertVersion(id, url, "15.20");
    assertRunningNodes(id, 2);
    try (Connection c = Harness.superuser(id, primaryPort, database); Statement s = c.createStatement()) {
      s.execute("DROP EXTENSION adminpack");
    }
  }

  private void failedPgUpgradeRestoresTheOldCluster(String app, String id, String url) throws Exception {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      // pg_upgrade --check does not look at views; restoring this one fails on 17, whose
      // pg_stat_bgwriter lost the column: a real failure in step 2.
      s.execute("CREATE VIEW checkpoint_stats AS SELECT buffers_checkpoint FROM pg_stat_bgwriter");
    }
    List<String> before = checksums(url);
    Harness.Run failed = harness.cli("--app", app, "--addon", id, "database-upgrade", "--to", "17.12", "--wait");
    assertEquals(1, failed.exitCode(), failed.all());
    assertTrue(failed.err().contains("buffers_checkpoint"), failed.err());
    assertTrue(failed.err().contains("PostgreSQL 15.20) was restarted untouched and accepts writes"), failed.err());
    assertTrue(failed.out().contains("[done   ] Rollback: old cluster restarted untouched"), failed.out());
    assertEquals(before, checksums(url));
    assertVersion(id, url, "15.20");
    assertRunningNodes(id, 2);
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("INSERT INTO orders (item) VALUES ('written after the rollback')");
      s.execute("DROP VIEW checkpoint_stats");
    }
    harness.recordHistory(WorkflowIds.forAddon(id), "major-upgrade-rolled-back.json");
  }

  private void majorUpgradeKeepsEveryRow(String app, String id, String url) throws Exception {
    Harness.Run check = harness.cli("--app", app, "--addon", id, "database-upgrade", "--to", "17.12", "--check");
    assertEquals(0, check.exitCode(), check.all());
    assertTrue(check.out().contains("pg_upgrade --check: PostgreSQL 15.20 can be upgraded to 17.12"), check.out());
    assertTrue(check.out().contains("pgcrypto 1.3"), check.out());

    List<String> before = checksums(url);
    Harness.Run upgrade = harness.cli("--app", app, "--addon", id, "database-upgrade", "--to", "17.12", "--wait");
    assertEquals(0, upgrade.exitCode(), upgrade.all());
    for (String step : List.of("1. Checkpoint both nodes first", "1. Stop the entire cluster", "2. pg_upgrade --link", "3. Restart the primary",
        "4. ANALYZE stage 1/3", "4. ANALYZE stage 2/3", "4. ANALYZE stage 3/3", "5. Base backup", "6. Rebuild the follower")) {
      assertTrue(upgrade.out().contains("[done   ] " + step), step + " not done in: " + upgrade.out());
    }
    assertTrue(upgrade.out().contains("has been upgraded from PostgreSQL 15.20 to 17.12"), upgrade.out());
    assertTrue(upgrade.out().contains("Unreachable for"), upgrade.out());

    assertEquals(before, checksums(url));
    assertVersion(id, url, "17.12");
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      assertEquals(Harness.one(s, "SELECT encode(digest('item 7', 'sha256'), 'hex')"),
          Harness.one(s, "SELECT encode(signature, 'hex') FROM orders WHERE id = 7"));
      assertEquals("7", Harness.one(s, "SELECT options -> 'size' FROM settings WHERE id = 7"));
      assertTrue(Long.parseLong(Harness.one(s, "SELECT count(*) FROM pg_stats WHERE tablename = 'orders'")) > 0,
          "ANALYZE left no statistics");
      s.execute("INSERT INTO orders (item) VALUES ('written on 17')");
      // PostGIS was updated to 17's library, and its spatial index answers.
      assertTrue(Harness.one(s, "SELECT extversion FROM pg_extension WHERE extname = 'postgis'").startsWith("3.5"));
      String near = "SELECT count(*) FROM places WHERE geom && ST_MakeEnvelope(-10, -10, 10, 10, 4326)";
      String expected = Harness.one(s, near);
      assertTrue(Long.parseLong(expected) > 0, expected);
      s.execute("SET enable_seqscan = off");
      String plan = plan(s, near);
      assertTrue(plan.contains("places_geom"), plan);
      assertEquals(expected, Harness.one(s, near));
    }
    assertRunningNodes(id, 2);
    int primaryPort = harness.nodesOf(id).stream().filter(n -> "primary".equals(n.getLabels().get(Labels.ROLE)))
        .mapToInt(n -> Integer.parseInt(n.getLabels().get(Labels.PORT))).findFirst().orElseThrow();
    try (Connection c = Harness.superuser(id, primaryPort); Statement s = c.createStatement()) {
      assertEquals("streaming", Harness.one(s, "SELECT state FROM pg_stat_replication"));
    }
    // The new major's first commits did not wait for the old follower; they wait for the new one.
    assertEquals("sync", harness.syncState(id));
    Harness.Run addons = harness.cli("--app", app, "addons");
    assertTrue(Pattern.compile(id + " \\| postgresql-business-512 \\| 17.12 +\\| running").matcher(addons.out()).find(), addons.out());
    harness.recordHistory(WorkflowIds.forAddon(id), "major-upgrade-business.json");
  }

  private static String plan(Statement s, String query) throws java.sql.SQLException {
    StringBuilder b = new StringBuilder();
    try (var rs = s.executeQuery("EXPLAIN " + query)) {
      while (rs.next()) {
        b.append(rs.getString(1)).append('\n');
      }
    }
    return b.toString();
  }

  private static List<String> checksums(String url) throws Exception {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      List<String> sums = new java.util.ArrayList<>();
      for (String sql : CHECKSUMS) {
        sums.add(Harness.one(s, sql));
      }
      return sums;
    }
  }

  private void assertVersion(String id, String url, String version) throws Exception {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      assertTrue(Harness.one(s, "SELECT version()").startsWith("PostgreSQL " + version));
    }
    for (Container node : harness.nodesOf(id)) {
      assertEquals(version, node.getLabels().get(Labels.VERSION));
      assertEquals("pgaddon/postgresql:" + version, node.getImage());
    }
  }

  private void assertRunningNodes(String id, int count) {
    List<Container> nodes = harness.nodesOf(id);
    assertEquals(count, nodes.size());
    nodes.forEach(n -> assertEquals("running", n.getState(), n.getNames()[0]));
  }
}
