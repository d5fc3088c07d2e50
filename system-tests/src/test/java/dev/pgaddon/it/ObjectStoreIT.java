package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import dev.pgaddon.backup.BackupRepository;
import dev.pgaddon.backup.ObjectStore;
import dev.pgaddon.control.BackupRecord;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.docker.NodeLayout;
import dev.pgaddon.docker.ScriptResult;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeTasks;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.temporal.PgaddonHome;
import dev.pgaddon.util.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The host is lost: an addon's containers, volumes and the host's backup directory are deleted while a
 * client writes. The object store's copy (pgBackRest, shipped by the platform) alone restores it into a new
 * addon, to a time: every row acknowledged before that time is there, none written after it.
 */
@WithStack
class ObjectStoreIT {
  @WithStack.Inject private static Harness harness;

  @Test
  void aLostBusinessAddonIsRestoredFromTheObjectStoreAlone() throws Exception {
    String app = "it-store-" + harness.owner.substring(3);
    Harness.Added added = harness.addAddon(app, "postgresql-business-512", "17.12");
    String id = added.id();
    harness.awaitWatched(id, true);
    try (Connection c = Harness.connect(added.url()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE acked (id bigint PRIMARY KEY, payload text NOT NULL)");
      s.execute("INSERT INTO acked SELECT -g, repeat('x', 200) FROM generate_series(1, 20000) g");
    }
    Writer writer = Writer.start(added.url());
    Thread.sleep(1000);
    Harness.Run[] ran = new Harness.Run[1];
    BackupRecord[] verified = new BackupRecord[1];
    Map<String, String> seen = new HashMap<>(harness.containersSeenDuring(() -> {
      ran[0] = harness.cli("--app", app, "--addon", id, "backups-create");
      verified[0] = awaitVerification(id, Harness.find(Pattern.compile("(bk-[0-9a-f-]{36})"), ran[0].out()));
    }));
    assertEquals(0, ran[0].exitCode(), ran[0].all());
    // Its pgBackRest copy, read back from the store, checks out; compressed and encrypted it is far smaller.
    assertTrue(verified[0].verification().startsWith("ok: verified in the object store"), verified[0].toString());
    assertTrue(verified[0].storedBytes() * 2 < verified[0].sizeBytes(), verified[0].toString());
    String listed = harness.cli("--app", app, "--addon", id, "backups").out();
    assertTrue(listed.contains("STORED") && Pattern.compile(verified[0].id() + ".*\\| ok +\\|").matcher(listed).find(), listed);
    // A switchover (plan change) and a failover (the primary killed) after the backup: the store's WAL
    // must cross both, timelines included.
    Harness.Run change = harness.cli("--app", app, "addons-upgrade", id, "postgresql-business-1024", "--wait");
    assertEquals(0, change.exitCode(), change.all());
    harness.awaitWatched(id, true);
    harness.docker.killContainerCmd(harness.nodeAnswering(id, true).getId()).exec();
    var failover = harness.awaitOperation(app, id, "failover", 0);
    assertEquals("succeeded", failover.status(), failover.toString());
    Writer.Acked afterFailover = writer.last();
    Thread.sleep(3000);
    Writer.Acked target = writer.last();
    assertTrue(target.id() > afterFailover.id() + 10, "the client writes on the new primary: " + target);
    Thread.sleep(2000);
    writer.stop();
    Writer.Acked last = writer.last();
    assertTrue(last.id() > target.id() + 10 && target.id() > 10, "rows before and after the target: " + target + " " + last);

    shipTheWalUpToNow(id);
    // The status refresh reads how far the archive is behind the primary; the CLI shows it.
    String window = "";
    for (int i = 0; i < 30 && !window.contains("Archive behind the primary: "); i++) {
      Thread.sleep(1000);
      window = harness.cli("--app", app, "--addon", id, "database-pitr-recovery-window").out();
    }
    assertTrue(Pattern.compile("Archive behind the primary: [0-9]+ s \\([0-9]+ bytes of WAL\\)").matcher(window).find(), window);

    loseTheHost(id);
    assertEquals(0, harness.containersOf(id).size() + harness.volumesOf(id));
    assertEquals("lost", awaitStatus(app, id, "lost"), "the status refresh finds it gone, not removed");

    seen.putAll(harness.containersSeenDuring(() -> ran[0] = harness.cli("--app", app, "--addon", id,
        "database-pitr-restore", target.at().toString(), "--new-addon")));
    Harness.Run restore = ran[0];
    assertEquals(0, restore.exitCode(), restore.all());
    assertTrue(seen.keySet().stream().filter(k -> k.endsWith(" task")).count() >= 2, "tasks seen: " + seen.keySet());
    for (String secret : storeSecrets(id)) {
      seen.forEach((container, config) -> assertFalse(config.contains(secret), "a store secret shows in " + container));
    }
    assertTrue(restore.out().contains("from the object store"), restore.out());
    String newId = Harness.find(Pattern.compile("New addon: (ad-[0-9a-f-]+)"), restore.out());
    String copyUrl = Harness.find(Harness.URL_LINE, harness.cli("--app", app, "addons-info", newId, "--show-url").out());
    try (Connection c = Harness.connect(copyUrl); Statement s = c.createStatement()) {
      assertEquals("20000", Harness.one(s, "SELECT count(*) FROM acked WHERE id < 0"), "the rows before the backup");
      List<Long> acked = writer.acknowledgedUpTo(target.id());
      assertEquals(Integer.toString(acked.size()), Harness.one(s, "SELECT count(*) FROM acked WHERE id IN ("
          + acked.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")"),
          "every row acknowledged up to the target");
      assertEquals("0", Harness.one(s, "SELECT count(*) FROM acked WHERE id > " + target.id()), "no row after the target");
    }
    aDamagedFileInTheStoreIsFound(app, id);
  }

  /**
   * The lost addon's copy is the store's alone (no host directory for the shipper to copy it from again):
   * its full backup reads back intact, then one of its data files is overwritten in the store, and reading
   * it back again names the damage.
   */
  private static void aDamagedFileInTheStoreIsFound(String app, String id) {
    var objectStore = ObjectStore.fromEnvironment(
        PgaddonHome.fromEnvironment().path(), System::getenv);
    String backups = "store:" + objectStore.bucket() + "/" + id + "/pgbackrest/backup/";
    String stanza = inShipper(RCLONE + "lsf --dirs-only " + backups).lines().filter(l -> l.startsWith("epoch-"))
        .findFirst().orElseThrow().replace("/", "");
    String label = inShipper(RCLONE + "lsf --dirs-only " + backups + stanza + "/").lines()
        .filter(l -> l.matches("[0-9]{8}-[0-9]{6}F/")).findFirst().orElseThrow().replace("/", "");
    List<String> command = List.of("pgaddon-store-verify", stanza, label);
    assertEquals(ScriptResult.Outcome.VERIFIED, verify(objectStore, app, id, command).outcome(), "intact at first");
    String file = backups + stanza + "/" + label + "/pg_data/" + inShipper(RCLONE + "lsf -R --files-only " + backups + stanza
        + "/" + label + "/pg_data/").lines().filter(l -> l.startsWith("base/")).findFirst().orElseThrow();
    inShipper("echo damaged | " + RCLONE + "rcat " + file);
    ScriptResult damaged = verify(objectStore, app, id, command);
    assertEquals(ScriptResult.Outcome.CORRUPT, damaged.outcome(), damaged.toString());
    assertTrue(Pattern.compile("status: invalid.*(checksum|size) invalid: [1-9]").matcher(damaged.message()).find(),
        "pgBackRest's findings are reported: " + damaged.message());
  }

  private static final String RCLONE = "rclone --config /etc/pgaddon-objectstore/rclone.conf"
      + " --ca-cert /etc/pgaddon-objectstore/ca.crt ";

  private static ScriptResult verify(ObjectStore store, String app, String id, List<String> command) {
    return new NodeTasks(harness.docker).runAllowingFailure("store-verify",
        new NodeActivities.AddonRef(id, app, "-"), "repository", NodeLayout.image("17.12"),
        NodeTasks.Mounts.none().alsoOn(store.network()), store.environment(id),
        store.secrets(Harness.secret(id, SecretStore.REPOSITORY_KEY)), command);
  }

  /** The backup, once its store copy's verification is recorded (the backup's workflow does it after the backup). */
  private static BackupRecord awaitVerification(String id, String backupId) {
    for (int i = 0; i < 120; i++) {
      var backup = harness.control.backups().find(id, backupId).orElseThrow();
      if (backup.verification() != null) {
        return backup;
      }
      Waits.sleep(1000);
    }
    throw new AssertionError("backup " + backupId + " was not verified in 120 s");
  }

  /** The addon's repository key and the store's keys: in no container's environment or command line. */
  private static List<String> storeSecrets(String id) throws Exception {
    Path credentials = PgaddonHome.fromEnvironment().path().resolve("objectstore");
    return List.of(Harness.secret(id, SecretStore.REPOSITORY_KEY), Files.readString(credentials.resolve("access-key")).strip(),
        Files.readString(credentials.resolve("secret-key")).strip());
  }

  /**
   * A client inserting rows one at a time, reconnecting after an error; after each acknowledged commit it
   * reads the database's clock on the same session. A write that failed may or may not have committed.
   */
  private static final class Writer {
    record Acked(long id, Instant at) {}

    private final String url;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::loop, "store-writer");
    private final List<Long> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Acked last = new Acked(0, Instant.EPOCH);

    private Writer(String url) {
      this.url = url;
    }

    static Writer start(String url) {
      Writer w = new Writer(url);
      w.thread.start();
      return w;
    }

    Acked last() {
      return last;
    }

    List<Long> acknowledgedUpTo(long id) {
      return acknowledged.stream().filter(n -> n <= id).toList();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    private void loop() {
      long id = 0;
      while (running.get()) {
        try (Connection c = Harness.connect(url);
            PreparedStatement insert = c.prepareStatement("INSERT INTO acked VALUES (?, 'row')");
            PreparedStatement now = c.prepareStatement("SELECT clock_timestamp()")) {
          while (running.get()) {
            insert.setLong(1, ++id);
            insert.executeUpdate();
            acknowledged.add(id);
            try (ResultSet rs = now.executeQuery()) {
              rs.next();
              last = new Acked(id, rs.getTimestamp(1).toInstant());
            }
            Thread.sleep(20);
          }
        } catch (SQLException e) {
          sleepQuietly(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private static void sleepQuietly(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A major upgrade starts a new epoch (a new stanza, whose first backup the upgrade takes): a starter on 15
   * upgraded to 17, then lost, is restored from the store to a time after the upgrade.
   */
  @Test
  void aStarterLostAfterAMajorUpgradeIsRestoredFromItsNewEpochInTheStore() throws Exception {
    String app = "it-store-up-" + harness.owner.substring(3);
    Harness.Added added = harness.addAddon(app, "postgresql-starter-512", "15.20");
    String id = added.id();
    mark(added.url(), 1);
    Harness.Run backup = harness.cli("--app", app, "--addon", id, "backups-create");
    assertEquals(0, backup.exitCode(), backup.all());
    Harness.Run upgrade = harness.cli("--app", app, "--addon", id, "database-upgrade", "--to", "17.12", "--wait");
    assertEquals(0, upgrade.exitCode(), upgrade.all());
    Instant target = mark(added.url(), 2);
    Thread.sleep(1100);
    mark(added.url(), 3);
    shipTheWalUpToNow(id);
    loseTheHost(id);

    Harness.Run restore = harness.cli("--app", app, "--addon", id, "database-pitr-restore", target.toString(), "--new-addon");
    assertEquals(0, restore.exitCode(), restore.all());
    assertTrue(restore.out().contains("from the object store"), restore.out());
    String newId = Harness.find(Pattern.compile("New addon: (ad-[0-9a-f-]+)"), restore.out());
    Harness.Run info = harness.cli("--app", app, "addons-info", newId, "--show-url");
    assertTrue(info.out().contains("Version: PostgreSQL 17.12"), info.out());
    try (Connection c = Harness.connect(Harness.find(Harness.URL_LINE, info.out())); Statement s = c.createStatement()) {
      assertEquals("1,2", Harness.one(s, "SELECT string_agg(n::text, ',' ORDER BY n) FROM marks"));
    }
  }

  /** Row n in the table marks (made with row 1), committed; the database's clock after its commit. */
  private static Instant mark(String url, int n) throws Exception {
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS marks (n int PRIMARY KEY)");
      s.execute("INSERT INTO marks VALUES (" + n + ")");
      try (ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
        rs.next();
        return rs.getTimestamp(1).toInstant();
      }
    }
  }

  /** The WAL up to now leaves the primary (a segment switch), reaches pgBackRest's archive, then the store. */
  private static void shipTheWalUpToNow(String id) throws Exception {
    int port = Integer.parseInt(harness.nodeAnswering(id, true).getLabels().get(Labels.PORT));
    String segment;
    try (Connection c = Harness.superuser(id, port); Statement s = c.createStatement()) {
      segment = Harness.one(s, "SELECT pg_walfile_name(pg_current_wal_lsn())");
      s.execute("SELECT pg_switch_wal()");
    }
    awaitArchivedInPgBackRest(id, segment);
    awaitShipped();
  }

  /** The host is lost: the addon's containers, its volumes and the host's directory of its backups. */
  private static void loseTheHost(String id) throws Exception {
    for (Container c : harness.containersOf(id)) {
      harness.docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
    }
    for (var v : harness.docker.listVolumesCmd().withFilter("label", List.of(Labels.ADDON + "=" + id)).exec().getVolumes()) {
      harness.docker.removeVolumeCmd(v.getName()).exec();
    }
    deleteTree(BackupRepository.fromEnvironment().addonDirectory(id));
  }

  /** The segment is in the addon's pgBackRest archive on the host (pushed asynchronously by the primary). */
  private static void awaitArchivedInPgBackRest(String id, String segment) throws Exception {
    Path archive = BackupRepository.fromEnvironment().addonDirectory(id).resolve("pgbackrest").resolve("archive");
    for (int i = 0; i < 60; i++) {
      try (Stream<Path> files = Files.walk(archive)) {
        if (files.anyMatch(p -> p.getFileName().toString().startsWith(segment + "-"))) {
          return;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("segment " + segment + " did not reach pgBackRest's archive in 30 s");
  }

  /** A round of the shipper that began after now has finished. */
  private static void awaitShipped() throws Exception {
    long since = Instant.now().getEpochSecond() + 1;
    for (int i = 0; i < 60; i++) {
      Thread.sleep(500);
      String last = inShipper("cat /tmp/pgaddon-ship/last").strip();
      if (last.matches("[0-9]+") && Long.parseLong(last) > since) {
        return;
      }
    }
    throw new AssertionError("the shipper did not finish a round in 30 s");
  }

  /** A shell command in the shipper's container (which has the store's keys), and what it printed. */
  private static String inShipper(String script) {
    var exec = harness.docker.execCreateCmd("pgaddon-shipper").withCmd("bash", "-c", script).withAttachStdout(true)
        .withAttachStderr(true).exec();
    StringBuilder out = new StringBuilder();
    try {
      harness.docker.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<
          Frame>() {
        @Override
        public void onNext(Frame frame) {
          out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
      }).awaitCompletion(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** The status the status refresh records (every 5 s in tests), once it is {@code expected} or after a minute. */
  private static String awaitStatus(String app, String id, String expected) throws Exception {
    String status = "";
    for (int i = 0; i < 60 && !status.equals(expected); i++) {
      Thread.sleep(1000);
      status = Harness.find(Pattern.compile("Status: (\\S+)"), harness.cli("--app", app, "addons-info", id).out());
    }
    return status;
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertTrue(Files.notExists(dir), dir + " is deleted");
  }
}
