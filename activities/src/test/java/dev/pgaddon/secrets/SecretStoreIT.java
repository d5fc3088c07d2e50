package dev.pgaddon.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.temporal.PgaddonHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.ControlSettings;
import dev.pgaddon.control.SecretBox;
import dev.pgaddon.control.SecretVault;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The secret store on the real control database (a schema of its own), with the old files' import. */
class SecretStoreIT {
  private static ControlDatabase control;
  private static SecretVault vault;

  @BeforeAll
  static void open() {
    control = ControlDatabase.open(ControlSettings.fromEnvironment()
        .withSchema("it_secrets_" + java.util.UUID.randomUUID().toString().substring(0, 8)));
    vault = control.secrets(new SecretBox(new SecretKeySpec(new byte[32], "AES")));
  }

  @AfterAll
  static void drop() {
    control.dropSchema();
    control.close();
  }

  private static final String ID = "ad-871546ad-943a-4929-9770-ec7c839d65f5";

  @TempDir
  Path tmp;
  private Path home;
  private Path bystander;
  private SecretStore store;

  @BeforeEach
  void store() throws IOException {
    // The home sits two levels down so that "../.." from the secrets directory lands on files a bug could delete.
    home = Files.createDirectories(tmp.resolve("a/home"));
    bystander = Files.writeString(tmp.resolve("a/bystander.txt"), "keep me");
    Files.writeString(tmp.resolve("keep.txt"), "keep me too");
    store = new SecretStore(vault, new PgaddonHome(home));
  }

  static Stream<String> hostile() {
    return Stream.of("../..", "/", "ad-../../etc", "", null, "a".repeat(300), "ad-\u0000",
        "ad-871546AD-943A-4929-9770-EC7C839D65F5", ID + "/x", "..", ID + "/../" + ID);
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void hostileAddonIdsAreRefusedEverywhere(String addonId) throws IOException {
    store.getOrCreate(ID, SecretStore.SUPERUSER);
    List<Path> before = allFiles();

    assertThrows(IllegalArgumentException.class, () -> store.getOrCreate(addonId, SecretStore.SUPERUSER));
    assertThrows(IllegalArgumentException.class, () -> store.require(addonId, SecretStore.SUPERUSER));
    assertThrows(IllegalArgumentException.class, () -> store.deleteAll(addonId));

    assertEquals(before, allFiles());
  }

  @Test
  void deleteAllOfDotDotDeletesNothing() throws IOException {
    store.getOrCreate(ID, SecretStore.SUPERUSER);
    List<Path> before = allFiles();

    assertThrows(IllegalArgumentException.class, () -> store.deleteAll("../.."));

    assertEquals(before, allFiles());
    assertEquals("keep me", Files.readString(bystander));
    assertTrue(Files.exists(tmp.resolve("keep.txt")));
  }

  @Test
  void unknownOrHostileSecretNamesAreRefused() {
    for (String name : new String[] {"../../x", "/etc/passwd", "", null, "superuser/../../x", "SUPERUSER", "other"}) {
      assertThrows(IllegalArgumentException.class, () -> store.getOrCreate(ID, name), String.valueOf(name));
      assertThrows(IllegalArgumentException.class, () -> store.require(ID, name), String.valueOf(name));
    }
  }

  @Test
  void secretsAreCreatedOnceSealedInTheControlDatabaseAndDeletedWithTheirAddon() throws IOException {
    String password = store.getOrCreate(ID, SecretStore.RESTART_HOOK_SECRET);
    assertEquals(64, password.length());
    assertEquals(password, store.getOrCreate(ID, SecretStore.RESTART_HOOK_SECRET));
    assertEquals(password, store.require(ID, SecretStore.RESTART_HOOK_SECRET));
    assertEquals(password, new SecretStore(vault, new PgaddonHome(tmp.resolve("another-worker"))).require(ID,
        SecretStore.RESTART_HOOK_SECRET), "another worker, with another home, reads the same secret");
    assertFalse(Files.exists(home.resolve("secrets")), "nothing is written on the worker's disk");

    store.deleteAll(ID);

    assertThrows(IllegalStateException.class, () -> store.require(ID, SecretStore.RESTART_HOOK_SECRET));
    store.deleteAll(ID);
  }

  @Test
  void aSecretFileOfAnEarlierWorkerMovesIntoTheControlDatabase() throws IOException {
    String addon = "ad-11111111-2222-4333-8444-555555555555";
    Path dir = Files.createDirectories(home.resolve("secrets").resolve(addon));
    Path superuser = Files.writeString(dir.resolve(SecretStore.SUPERUSER), "old-superuser-password");
    Path replication = Files.writeString(dir.resolve(SecretStore.REPLICATION), "old-replication-password");

    assertEquals("old-superuser-password", store.require(addon, SecretStore.SUPERUSER));
    assertEquals("old-replication-password", store.getOrCreate(addon, SecretStore.REPLICATION));

    assertFalse(Files.exists(superuser) || Files.exists(replication), "the clear-text files are gone");
    assertEquals("old-superuser-password", store.require(addon, SecretStore.SUPERUSER));
    assertEquals("old-replication-password", vault.find(addon, SecretStore.REPLICATION).orElseThrow());
    store.deleteAll(addon);
    assertFalse(Files.exists(dir));
  }

  @Test
  void aWorkerStartingMovesEveryOldFileInAndKeepsOneThatDiffersFromWhatIsStored() throws IOException {
    String addon = "ad-22222222-3333-4444-8555-666666666666";
    Path dir = Files.createDirectories(home.resolve("secrets").resolve(addon));
    Path superuser = Files.writeString(dir.resolve(SecretStore.SUPERUSER), "old-superuser-password");
    // Another worker, without that file, made a restart hook key first: the file's differs.
    String stored = new SecretStore(vault, new PgaddonHome(tmp.resolve("other-home"))).getOrCreate(addon,
        SecretStore.RESTART_HOOK_SECRET);
    Path hook = Files.writeString(dir.resolve(SecretStore.RESTART_HOOK_SECRET), "old-hook-key");
    Files.createDirectories(home.resolve("secrets").resolve("not-an-addon"));

    assertEquals(2, store.importLegacyFiles());

    assertFalse(Files.exists(superuser), "imported, then deleted");
    assertEquals("old-superuser-password", vault.find(addon, SecretStore.SUPERUSER).orElseThrow());
    assertTrue(Files.exists(hook), "a file that differs from the stored secret is never deleted");
    assertEquals(stored, store.require(addon, SecretStore.RESTART_HOOK_SECRET));
    store.deleteAll(addon);
  }

  @Test
  void aSecretOnceOpenedIsReadWhileTheControlDatabaseHasLostIt() throws Exception {
    String addon = "ad-33333333-4444-4555-8666-777777777777";
    String password = store.getOrCreate(addon, SecretStore.REPLICATION);
    try (var c = control.dataSource().getConnection(); var s = c.createStatement()) {
      s.execute("DELETE FROM addon_secrets WHERE addon_id = '" + addon + "'");
    }
    assertEquals(password, store.require(addon, SecretStore.REPLICATION), "kept in the worker's memory");
    store.deleteAll(addon);
    assertThrows(IllegalStateException.class, () -> store.require(addon, SecretStore.REPLICATION), "forgotten with its addon");
  }

  private List<Path> allFiles() throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      return files.sorted().toList();
    }
  }
}
