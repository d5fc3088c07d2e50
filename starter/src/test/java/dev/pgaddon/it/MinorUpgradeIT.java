package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.probe.WriteProbe;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A business addon goes 15.18 -> 15.20 while a client writes through the endpoint. */
class MinorUpgradeIT {
  private static Harness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = new Harness();
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aBusinessMinorUpgradeLosesNoTransactionAndRefusesSkippingTheMinor() throws Exception {
    String app = "it-minor-" + harness.owner.substring(3);
    Harness.Run add = harness.cli("--app", app, "addons-add", "postgresql", "postgresql-business-512", "--version", "15.18");
    assertEquals(0, add.exitCode(), add.all());
    String id = Harness.find(Harness.ID_LINE, add.out());
    String url = Harness.find(Harness.URL_LINE, add.out());

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
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      assertTrue(Harness.one(s, "SELECT version()").startsWith("PostgreSQL 15.20"));
    }
    for (Container node : harness.nodesOf(id)) {
      assertEquals("15.20", node.getLabels().get(Labels.VERSION));
      assertEquals("pgaddon/postgresql:15.20", node.getImage());
    }
    Harness.Run addons = harness.cli("--app", app, "addons");
    assertTrue(Pattern.compile(id + " \\| postgresql-business-512 \\| 15.20 +\\| running").matcher(addons.out()).find(), addons.out());
    harness.recordHistory(WorkflowIds.forAddon(id), "minor-upgrade-business.json");
  }
}
