package dev.pgaddon.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.temporal.PgaddonHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SecretStoreTest {
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
    store = new SecretStore(new PgaddonHome(home));
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
  void secretsAreCreatedOnceReadableOnlyByTheOwnerAndDeletedWithTheirAddon() throws IOException {
    String password = store.getOrCreate(ID, SecretStore.RESTART_HOOK_SECRET);
    assertEquals(64, password.length());
    assertEquals(password, store.getOrCreate(ID, SecretStore.RESTART_HOOK_SECRET));
    assertEquals(password, store.require(ID, SecretStore.RESTART_HOOK_SECRET));
    Path file = home.resolve("secrets").resolve(ID).resolve(SecretStore.RESTART_HOOK_SECRET);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    store.deleteAll(ID);

    assertFalse(Files.exists(file.getParent()));
    assertTrue(Files.exists(home.resolve("secrets")));
    assertThrows(UncheckedIOException.class, () -> store.require(ID, SecretStore.RESTART_HOOK_SECRET));
    store.deleteAll(ID);
  }

  private List<Path> allFiles() throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      return files.sorted().toList();
    }
  }
}
