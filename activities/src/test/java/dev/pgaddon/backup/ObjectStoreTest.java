package dev.pgaddon.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {
  @TempDir Path home;

  @Test
  void defaultsToTheStoreTheBootstrapStarts() {
    ObjectStore store = ObjectStore.fromEnvironment(home, name -> null);
    assertEquals(new ObjectStore("pgaddon-objectstore", 8333, "pgaddon-backups", "us-east-1", "pgaddon-store",
        home.resolve("objectstore")), store);
    assertFalse(store.configured(), "no keys yet");
  }

  @Test
  void anOperatorPointsItAtAnotherStore() {
    Map<String, String> env = Map.of("PGADDON_S3_ENDPOINT", "s3.eu-west-3.example.net", "PGADDON_S3_PORT", "443",
        "PGADDON_S3_BUCKET", "acme-pg", "PGADDON_S3_REGION", "eu-west-3");
    ObjectStore store = ObjectStore.fromEnvironment(home, env::get);
    assertEquals(443, store.port());
    assertTrue(store.environment("ad-0f8fad5b-d9cb-469f-a165-70867728950e")
        .contains("PGADDON_S3_PATH=/ad-0f8fad5b-d9cb-469f-a165-70867728950e/pgbackrest"));
  }

  @Test
  void badSettingsAreRefusedByName() {
    for (var bad : Map.of("PGADDON_S3_PORT", "http", "PGADDON_S3_BUCKET", "Bad_Bucket", "PGADDON_S3_ENDPOINT",
        "host;rm -rf /", "PGADDON_S3_REGION", "eu west").entrySet()) {
      var e = assertThrows(IllegalArgumentException.class,
          () -> ObjectStore.fromEnvironment(home, name -> name.equals(bad.getKey()) ? bad.getValue() : null));
      assertTrue(e.getMessage().startsWith(bad.getKey() + " must be"), e.getMessage());
    }
  }

  @Test
  void anAddonIdIsValidatedBeforeItBecomesAPath() {
    ObjectStore store = ObjectStore.fromEnvironment(home, name -> null);
    assertThrows(IllegalArgumentException.class, () -> store.environment("../other"));
  }

  @Test
  void theKeysAreSecretFilesAndTheRepositoryKeyGoesWithThem() throws Exception {
    Path dir = Files.createDirectories(home.resolve("objectstore"));
    Files.writeString(dir.resolve("access-key"), "AK\n");
    Files.writeString(dir.resolve("secret-key"), "SK\n");
    Files.writeString(dir.resolve("ca.crt"), "-----CA-----");
    ObjectStore store = ObjectStore.fromEnvironment(home, name -> null);
    assertTrue(store.configured());
    assertEquals(Map.of(ObjectStore.KEY, "AK", ObjectStore.KEY_SECRET, "SK", ObjectStore.CA, "-----CA-----\n",
        ObjectStore.CIPHER_PASS, "repo-key"), store.secrets("repo-key"));
    assertFalse(String.join(" ", store.environment("ad-0f8fad5b-d9cb-469f-a165-70867728950e")).contains("SK"));
  }
}
