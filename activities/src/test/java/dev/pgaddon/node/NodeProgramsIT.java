package dev.pgaddon.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.pgaddon.backup.BackupLayout;
import dev.pgaddon.docker.AddonNetworks;
import dev.pgaddon.docker.ContainerFile;
import dev.pgaddon.docker.DataVolumes;
import dev.pgaddon.docker.DockerEngine;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.docker.NodeLayout;
import dev.pgaddon.docker.OneShotContainer;
import dev.pgaddon.docker.ScriptResult;
import dev.pgaddon.docker.ScriptResult.Outcome;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.util.Waits;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The programs of the node image (images/postgresql/bin), each run as the worker runs them (a
 * one-shot container on a node's volume, secrets as files, arguments never a shell text) against
 * real PostgreSQL: every outcome a program reports, its refusals included, from real data.
 */
class NodeProgramsIT {
  private static final String OLD = "pgaddon/postgresql:15.20";
  private static final String NEW = "pgaddon/postgresql:17.12";
  private static final String SUPERUSER_PASSWORD = "programs-it-superuser-" + UUID.randomUUID();
  private static final String REPLICATION_PASSWORD = "programs-it-replication-" + UUID.randomUUID();
  private static final Map<String, String> PASSWORDS = Map.of("PGPASSWORD", SUPERUSER_PASSWORD,
      "REPLICATION_PASSWORD", REPLICATION_PASSWORD);

  private static DockerClient docker;
  private static OneShotContainer oneShot;
  private static AddonRef addon;
  private static String network;

  @BeforeAll
  static void engine() {
    docker = DockerEngine.connect();
    oneShot = new OneShotContainer(docker);
    addon = new AddonRef("ad-" + UUID.randomUUID(), "programs-it", "postgresql-sandbox");
    network = new AddonNetworks(docker).ensure(addon);
  }

  @AfterAll
  static void removeEverything() {
    for (var c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.ADDON, addon.addonId())).exec()) {
      docker.removeContainerCmd(c.getId()).withForce(true).exec();
    }
    for (var v : docker.listVolumesCmd().withFilter("label", List.of(Labels.ADDON + "=" + addon.addonId())).exec()
        .getVolumes()) {
      docker.removeVolumeCmd(v.getName()).exec();
    }
    new AddonNetworks(docker).remove(addon.addonId());
  }

  @Test
  void initdbIsIdempotentAndForgetMakesItAgain() {
    String volume = DataVolumes.ensure(docker, addon, "init");
    assertEquals(Outcome.USAGE, run("init", OLD, volume, Map.of(), "pgaddon-initdb", "extra").outcome());
    ScriptResult noSecret = run("init", OLD, volume, Map.of(), "pgaddon-initdb");
    assertEquals(Outcome.FAILED, noSecret.outcome());
    assertTrue(noSecret.exitCode() != 0, noSecret.log());
    Map<String, String> secret = Map.of("PGADDON_SUPERUSER_PASSWORD", SUPERUSER_PASSWORD);
    assertEquals(Outcome.DONE, run("init", OLD, volume, secret, "pgaddon-initdb").outcome());
    assertEquals(Outcome.NOTHING_TO_DO, run("init", OLD, volume, secret, "pgaddon-initdb").outcome());
    assertEquals(Outcome.DONE, run("init", OLD, volume, Map.of(), "pgaddon-forget").outcome());
    assertEquals(Outcome.DONE, run("init", OLD, volume, secret, "pgaddon-initdb").outcome());
  }

  @Test
  void followerRejoinRewindBackupAndArchive() {
    String a = DataVolumes.ensure(docker, addon, "node1");
    String b = DataVolumes.ensure(docker, addon, "node2");
    String repository = DataVolumes.ensure(docker, addon, "repo");
    assertEquals(Outcome.DONE, run("repo", NEW, "root", List.of(new Bind(repository, new Volume(NodeLayout.BACKUPS_MOUNT))),
        Map.of(), "pgaddon-prepare-repository").outcome());
    assertEquals(Outcome.DONE, run("node1", NEW, a, Map.of("PGADDON_SUPERUSER_PASSWORD", SUPERUSER_PASSWORD),
        "pgaddon-initdb").outcome());
    String primary = startNode("node1", a, repository);
    sql(primary, "CREATE ROLE replicator LOGIN REPLICATION PASSWORD '" + REPLICATION_PASSWORD + "'");
    sql(primary, "SELECT pg_catalog.pg_create_physical_replication_slot('node2')");

    Map<String, String> replication = Map.of("PGPASSWORD", REPLICATION_PASSWORD);
    assertEquals(Outcome.DONE, run("node2", NEW, b, replication, "pgaddon-basebackup", "node1", "5432", "node2").outcome());
    assertEquals(Outcome.NOTHING_TO_DO, run("node2", NEW, b, replication, "pgaddon-basebackup", "node1", "5432", "node2")
        .outcome());
    assertEquals(Outcome.NOTHING_TO_DO, run("node2", NEW, b, PASSWORDS, "pgaddon-rejoin", "node1", "5432", "node2").outcome());
    String empty = DataVolumes.ensure(docker, addon, "empty");
    assertEquals(Outcome.REBUILD_NEEDED, run("empty", NEW, empty, PASSWORDS, "pgaddon-rejoin", "node1", "5432", "node2")
        .outcome());

    // WAL archived by the program PostgreSQL runs, then a base backup into the repository, then retention.
    sql(primary, "CREATE TABLE t AS SELECT 1 AS x");
    sql(primary, "SELECT pg_catalog.pg_switch_wal()");
    awaitTrue(primary, "SELECT archived_count > 0 AND failed_count = 0 FROM pg_catalog.pg_stat_archiver");
    String systemId = sql(primary, "SELECT system_identifier FROM pg_catalog.pg_control_system()");
    List<Bind> repo = List.of(new Bind(repository, new Volume(NodeLayout.BACKUPS_MOUNT)));
    String path = "epoch-" + systemId + "/base/bk-programs-it";
    ScriptResult backup = run("backup", NEW, "postgres", repo, replication, "pgaddon-backup", "node1", "5432", "bk-programs-it",
        path);
    assertEquals(Outcome.DONE, backup.outcome(), backup.log());
    assertTrue(backup.value("start_wal").matches("[0-9A-F]{24}"), backup.values().toString());
    assertTrue(backup.number("bytes") > 1_000_000, backup.values().toString());
    assertEquals(Outcome.ALREADY_DONE, run("backup", NEW, "postgres", repo, replication, "pgaddon-backup", "node1", "5432",
        "bk-programs-it", path).outcome());
    assertEquals(Outcome.USAGE, run("backup", NEW, "postgres", repo, replication, "pgaddon-backup", "node1", "5432",
        "bk-programs-it", "../escape").outcome());
    assertEquals(Outcome.USAGE, run("retention", NEW, "postgres", repo, Map.of(), "pgaddon-retention", "--delete", "../x")
        .outcome());
    ScriptResult retention = run("retention", NEW, "postgres", repo, Map.of(), "pgaddon-retention", "--delete", path,
        "--keep-from", "epoch-" + systemId + ":" + backup.value("start_wal"));
    assertEquals(Outcome.DONE, retention.outcome(), retention.log());
    assertEquals(1, retention.number("deleted"));

    // The follower is promoted: the former primary, killed, is rewound to follow it.
    String follower = startNode("node2", b, repository);
    sql(follower, "SELECT pg_catalog.pg_promote()");
    awaitTrue(follower, "SELECT NOT pg_catalog.pg_is_in_recovery()");
    sql(follower, "CHECKPOINT");
    // Killed, as the watchdog finds a failed primary: pg_rewind first runs its crash recovery.
    docker.killContainerCmd(primary).exec();
    ScriptResult rewound = run("node1", NEW, a, PASSWORDS, "pgaddon-rejoin", "node2", "5432", "node1");
    assertEquals(Outcome.REWOUND, rewound.outcome(), rewound.log());
    assertEquals(Outcome.NOTHING_TO_DO, run("node1", NEW, a, PASSWORDS, "pgaddon-rejoin", "node2", "5432", "node1").outcome());
    ScriptResult unreachable = run("node1", NEW, a, PASSWORDS, "pgaddon-rejoin", "nowhere", "5432", "node1");
    assertEquals(Outcome.REBUILD_NEEDED, unreachable.outcome(), unreachable.log());
  }

  @Test
  void majorUpgradeChecksUpgradesRestoresAndDeletes() {
    String volume = DataVolumes.ensure(docker, addon, "major");
    assertEquals(Outcome.DONE, run("major", OLD, volume, Map.of("PGADDON_SUPERUSER_PASSWORD", SUPERUSER_PASSWORD),
        "pgaddon-initdb").outcome());
    assertEquals(Outcome.USAGE, run("major", NEW, volume, Map.of(), "pgaddon-upgrade", "15", "x7").outcome());
    assertRefused(run("major", NEW, volume, Map.of(), "pgaddon-upgrade", "16", "17"), "holds PostgreSQL 15, not 16");
    assertRefused(run("major", NEW, volume, Map.of(), "pgaddon-upgrade-delete-old", "15", "17"), "is not PostgreSQL 17");
    assertRefused(run("major", NEW, volume, Map.of(), "pgaddon-upgrade-restore", "16", "17"), "holds PostgreSQL 15, not 16");

    String old = startNode("major", OLD, volume, null);
    ScriptResult compatible = run("major", NEW, volume, Map.of(), "pgaddon-upgrade-check", "15", "17");
    assertEquals(Outcome.COMPATIBLE, compatible.outcome(), compatible.log());
    sql(old, "CREATE TABLE acl (a pg_catalog.aclitem)");
    ScriptResult incompatible = run("major", NEW, volume, Map.of(), "pgaddon-upgrade-check", "15", "17");
    assertEquals(Outcome.INCOMPATIBLE, incompatible.outcome(), incompatible.log());
    assertTrue(incompatible.message().contains("aclitem"), incompatible.message());
    sql(old, "DROP TABLE acl");
    docker.stopContainerCmd(old).withTimeout(30).exec();

    ScriptResult upgraded = run("major", NEW, volume, Map.of(), "pgaddon-upgrade", "15", "17");
    assertEquals(Outcome.UPGRADED, upgraded.outcome(), upgraded.log());
    assertEquals(Outcome.NOTHING_TO_DO, run("major", NEW, volume, Map.of(), "pgaddon-upgrade", "15", "17").outcome());
    assertEquals(Outcome.RESTORED, run("major", NEW, volume, Map.of(), "pgaddon-upgrade-restore", "15", "17").outcome());
    assertEquals(Outcome.UPGRADED, run("major", NEW, volume, Map.of(), "pgaddon-upgrade", "15", "17").outcome());
    assertEquals(Outcome.DONE, run("major", NEW, volume, Map.of(), "pgaddon-upgrade-delete-old", "15", "17").outcome());
    assertRefused(run("major", NEW, volume, Map.of(), "pgaddon-upgrade-restore", "15", "17"), "no saved PostgreSQL 15");
  }

  @Test
  void restoreProgramsRefuseWhatIsNotTheirs() {
    String volume = DataVolumes.ensure(docker, addon, "restore");
    assertEquals(Outcome.USAGE, run("restore", NEW, volume, Map.of(), "pgaddon-restore-discard", "r;rm -rf").outcome());
    assertEquals(Outcome.NOTHING_TO_DO, run("restore", NEW, volume, Map.of(), "pgaddon-restore-put-back", "r0000abcd")
        .outcome());
    assertEquals(Outcome.DONE, run("restore", NEW, volume, Map.of(), "pgaddon-restore-discard", "r0000abcd").outcome());
    assertEquals(Outcome.USAGE, run("restore", NEW, volume, Map.of(), "pgaddon-restore", "r0000abcd", "/etc", "1", "bk-x",
        "2026-01-01 00:00:00+00", "latest", "no").outcome());
    String repository = DataVolumes.ensure(docker, addon, "root");
    assertRefused(run("root", NEW, "root", List.of(new Bind(repository, new Volume("/backup-root"))), Map.of(),
        "pgaddon-remove-repository", "../etc"), "not an addon id");
  }

  private static void assertRefused(ScriptResult result, String why) {
    assertEquals(Outcome.REFUSED, result.outcome(), result.log());
    assertEquals(4, result.exitCode());
    assertTrue(result.message().contains(why), result.message());
  }

  private static ScriptResult run(String node, String image, String volume, Map<String, String> secrets, String... command) {
    return run(node, image, "postgres", List.of(DataVolumes.mount(volume)), secrets, command);
  }

  private static ScriptResult run(String node, String image, String user, List<Bind> binds, Map<String, String> secrets,
      String... command) {
    var ran = oneShot.run("pgaddon-programs-it-" + node + "-" + UUID.randomUUID().toString().substring(0, 8), image, user,
        binds, Labels.forAddon(addon, node, "task"), List.of(), secrets, List.of(command), () -> { });
    return ScriptResult.parse(ran.exitCode(), ran.output());
  }

  private static String startNode(String node, String volume, String repository) {
    return startNode(node, NEW, volume, repository);
  }

  /** A node as the worker starts one: the platform's pg_hba, archiving into the repository when there is one. */
  private static String startNode(String node, String image, String volume, String repository) {
    List<String> command = new ArrayList<>(List.of("postgres", "-D", NodeLayout.PGDATA, "-c", "listen_addresses=*",
        "-c", "hba_file=" + NodeHba.PATH, "-c", "unix_socket_directories=" + NodeLayout.DATA_MOUNT + ",/var/run/postgresql",
        // the WAL since the divergence stays for pg_rewind (without it: REBUILD_NEEDED, the outcome tested last)
        "-c", "wal_keep_size=256MB"));
    List<Bind> binds = new ArrayList<>(List.of(DataVolumes.mount(volume)));
    if (repository != null) {
      command.addAll(List.of("-c", "archive_mode=always", "-c", "archive_command=" + BackupLayout.ARCHIVE_COMMAND));
      binds.add(new Bind(repository, new Volume(NodeLayout.BACKUPS_MOUNT)));
    }
    String id = docker.createContainerCmd(image).withName("pgaddon-programs-it-" + node + "-" + addon.addonId().substring(3, 11))
        .withLabels(Labels.forAddon(addon, node, "node")).withUser("postgres").withCmd(command).withAliases(node)
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network).withBinds(binds)).exec().getId();
    NodeHba.put(new ContainerFile(docker), id);
    docker.startContainerCmd(id).exec();
    awaitTrue(id, "SELECT true");
    return id;
  }

  private static void awaitTrue(String container, String query) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = sql(container, query);
        if ("t".equals(last)) {
          return;
        }
      } catch (IllegalStateException notYet) {
        last = notYet.getMessage();
      }
      Waits.sleep(300);
    }
    throw new AssertionError(query + " on " + container + ": " + last);
  }

  /** One statement through psql in the node's container, by peer authentication; argv, no shell. */
  private static String sql(String container, String query) {
    String exec = docker.execCreateCmd(container).withUser("postgres").withAttachStdout(true).withAttachStderr(true)
        .withCmd("psql", "-h", "/var/run/postgresql", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-Atc",
            query).exec().getId();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      docker.execStartCmd(exec).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
        @Override
        public void onNext(com.github.dockerjava.api.model.Frame frame) {
          out.writeBytes(frame.getPayload());
        }
      }).awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (NotFoundException gone) {
      throw new IllegalStateException("container gone", gone);
    }
    Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
    if (code == null || code != 0) {
      throw new IllegalStateException(query + ": " + out.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
  }
}
