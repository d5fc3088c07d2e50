package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.operation.WorkflowIds;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The spec's "Managing Extensions" through the CLI: offered ones enabled, used, refused, disabled. */
@WithStack
class ExtensionsIT {
  @WithStack.Inject private static Harness harness;
  private static String app;
  private static String id;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    app = "it-ext-" + harness.owner.substring(3);
    Harness.Added added = harness.addAddon(app, "postgresql-starter-512", "17.12");
    id = added.id();
    url = added.url();
  }

  @Test
  void anOfferedExtensionIsEnabledUsedProtectedByItsDependentsAndDisabled() throws Exception {
    Harness.Run list = extensions("database-extensions");
    assertEquals(0, list.exitCode(), list.all());
    assertTrue(Pattern.compile("\\| pg_trgm +\\| [0-9.]+ +\\| +\\| text similarity").matcher(list.out()).find(), list.out());
    assertFalse(list.out().contains("dblink") || list.out().contains("plpython") || list.out().contains("file_fdw"),
        "nothing that hands out a superuser's power: " + list.out());

    Harness.Run enabled = extensions("database-extensions-enable", "pg_trgm");
    assertEquals(0, enabled.exitCode(), enabled.all());
    assertTrue(enabled.out().contains("Extension \"pg_trgm\" enabled."), enabled.out());
    list = extensions("database-extensions");
    assertTrue(Pattern.compile("\\| pg_trgm +\\| ([0-9.]+) +\\| \\1 +\\|").matcher(list.out()).find(), list.out());
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      assertEquals("t", Harness.one(s, "SELECT similarity('postgres', 'postgresql') > 0.5"));
      s.execute("CREATE TABLE names (name text)");
      s.execute("CREATE INDEX names_trgm ON names USING gin (name gin_trgm_ops)");
    }

    // An index depends on it: PostgreSQL refuses, its reason is shown, nothing is dropped.
    Harness.Run refused = extensions("database-extensions-disable", "pg_trgm");
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("cannot drop extension pg_trgm because other objects depend on it"), refused.all());
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      assertEquals("t", Harness.one(s, "SELECT similarity('a', 'a') = 1"));
      s.execute("DROP INDEX names_trgm");
    }
    Harness.Run disabled = extensions("database-extensions-disable", "pg_trgm");
    assertEquals(0, disabled.exitCode(), disabled.all());
    assertTrue(disabled.out().contains("Extension \"pg_trgm\" disabled."), disabled.out());
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      assertThrows(SQLException.class, () -> s.execute("SELECT similarity('a', 'a')"));
    }
    harness.recordHistory(WorkflowIds.forAddon(id), "manage-extension-disable.json");
  }

  @Test
  void postgisAndPgvectorAreOfferedAndWork() throws Exception {
    for (String name : List.of("postgis", "vector")) {
      Harness.Run enabled = extensions("database-extensions-enable", name);
      assertEquals(0, enabled.exitCode(), enabled.all());
    }
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      assertEquals("1", Harness.one(s, "SELECT ST_Distance(ST_MakePoint(0, 0), ST_MakePoint(0, 1))"));
      assertEquals("1", Harness.one(s, "SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector"));
    }
  }

  @Test
  void extensionsOutsideTheOfferAreRefusedWithTheList() throws Exception {
    List<String> before = installed();
    for (String bad : List.of("dblink", "plpython3u", "file_fdw", "adminpack", "not_a_thing", "pg_trgm; DROP TABLE x",
        "\"pg_trgm\"", "PG_TRGM")) {
      Harness.Run run = extensions("database-extensions-enable", bad);
      assertEquals(2, run.exitCode(), bad + ": " + run.all());
      assertTrue(run.err().contains("is not offered; the platform offers: ") && run.err().contains("pg_trgm"),
          bad + ": " + run.all());
    }
    assertEquals(before, installed(), "nothing installed");
  }

  private static List<String> installed() throws SQLException {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT extname FROM pg_extension ORDER BY extname")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }

  private static Harness.Run extensions(String... args) {
    List<String> all = new ArrayList<>(List.of("--app", app, "--addon", id));
    all.addAll(List.of(args));
    return harness.cli(all.toArray(String[]::new));
  }
}
